# The tiny start-up of the differential C corpus. It does not touch sp: qemu-riscv32 and the
# gpesim loader both hand the program a stack. gp is left alone too (we link with -mno-relax, so
# nothing is addressed through it). main's return value becomes the exit code via diff_exit,
# which flushes the print buffer first.
	.section .text.start, "ax", @progbits
	.globl _start
	.type _start, @function
_start:
	call	main
	call	diff_exit
1:	j	1b
	.size _start, . - _start
