/* Every data, section, alignment and symbol directive, and the expression operators
   with GNU's precedence. */
  .file "directives.s"
  .ident "gpesim corpus"
  .option push
  .option norelax
  .option norvc
  .option relax
  .option pop
  .attribute arch, "rv32i2p1_m2p0_a2p1_f2p2_zicsr2p0_zifencei2p0"
  .text
  .globl _start
  .type _start, @function
_start:
  nop; nop ; addi a0, a0, 1
  .byte 1
  .align 2
  nop
  .byte 2, 3, 4
  .p2align 3
  .balign 16
  .balign 8, 0
  nop
  .p2align 4,,8
  nop
  .p2align 3,,2
  nop
  .balign 16,,4
  .size _start, . - _start

  .data
  .local lbl
lbl:
  .byte 1, -1, 255, 'a', '\n', 0x7f
  .half 1, -2, 0xffff
  .short 3
  .2byte 4
  .word 5, -6, 0xffffffff, lbl, lbl + 3, table_end - table
  .4byte 7
  .long 8
  .int 9
  .balign 4
  .float 1.5, -0.25, 3.14159, 1e10, 0.1, 1
  .single 2.5
  .float 1e-40, 1.4e-45, 7e-46, 1e-47, 3.4028235e38, 3.4028236e38, 3.4028235677973367e38, -0, .5, 5.
  .float 2.5e+3, 16777217, 16777219, 1.000000059604644775390625, 1.17549428e-38, 1.1754942e-38
  .float 0.30000001192092895507812, 8.589973e9, 123456789012345678901234567890, +1.5, 0f1.5, 00.1e1
  .float 1.0E-3, inf, -inf, +inf, Infinity, nan, -nan, NaN
  .ascii "abc", "\t\"\\\101\x41"
  .asciz "zero-terminated"
  .string "also\0nul"
  .zero 3
  .space 5
  .space 2, 0xab
  .skip 3, 7
  .fill 3, 2, 0x1234
  .fill 2
  .p2align 2, 0xee
  .balign 8, 0x55, 3
  .byte 9
  .p2align 3,,
  .align 4
table:
  .word 1 + 2 << 3, 1 | 2 + 4, 6 & 3 == 2, 1 < 2, !0, 3 && 4
  .word 2 * 3 << 1, 1 - 2 - 3, -7 / 2, -7 % 2, 1 ^ 3 | 4, 5 >> 1 * 2
  .word ~0, 1 != 2, 1 <> 2, 4 + 1 & 2, 1 + 2 == 3, 2 == 2 && 0
  .word 8 / 3 * 3, 1 << 33 >> 32, - - 3, 2 < 3 < 4, 7 ! 2, (1 + 2) * 3
  .word 0xfffffff0 >> 2, 010, 0b101, 'A' + 1, 3 >= 3, 3 <= 2, 3 > 2, 1 || 0
table_end:
  .equ len, table_end - table
  .set count, 3
  .set count, count + 1
  .word count, len
  sym = 17
  .word sym
  .equiv once, 1
  .word once

  .section .rodata
  .balign 4
ro: .word 0x11223344
  .asciz "read-only"

  .section .rodata.str1.1, "a"
  .asciz "merged?"

  .section .sdata, "aw"
small: .word 42

  .section .mydata, "aw", @progbits
  .word 0xcafe

  .pushsection .data
  .word 0xdada
  .popsection
  .word 0xbeef

  .bss
  .balign 8
buf: .zero 64
  .space 3

  .section .sbss, "aw", @nobits
sb: .zero 4

  .text
  lw a0, len(a1)
  li a1, len * 2
  la a0, ro
  lw a1, small
  la gp, __global_pointer$
  la a2, _end
  .data
  .text
  .previous
  .word 0xfeed
