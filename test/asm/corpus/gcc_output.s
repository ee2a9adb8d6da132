# Output of riscv64-unknown-elf-gcc -O2 -S (gcc 12) for a small C file: .option nopic, .attribute,
# mergeable string sections ("aMS"), jump tables, %hi/%lo, .sdata/.sbss. Unmodified below.
	.file	"k.c"
	.option nopic
	.attribute arch, "rv32i2p1_m2p0_a2p1_f2p2_zicsr2p0_zifencei2p0"
	.attribute unaligned_access, 0
	.attribute stack_align, 16
	.text
	.align	2
	.globl	dot
	.type	dot, @function
dot:
	fmv.w.x	fa5,zero
	ble	a2,zero,.L2
	slli	a2,a2,2
	add	a5,a0,a2
.L3:
	flw	fa3,0(a0)
	flw	fa4,0(a1)
	addi	a0,a0,4
	addi	a1,a1,4
	fmadd.s	fa5,fa3,fa4,fa5
	bne	a0,a5,.L3
.L2:
	lui	a5,%hi(scale)
	flw	fa0,%lo(scale)(a5)
	fmul.s	fa0,fa5,fa0
	ret
	.size	dot, .-dot
	.align	2
	.globl	pick
	.type	pick, @function
pick:
	li	a5,4
	bgtu	a0,a5,.L9
	lui	a5,%hi(.LANCHOR0)
	slli	a0,a0,2
	addi	a5,a5,%lo(.LANCHOR0)
	add	a5,a5,a0
	lw	a0,0(a5)
	ret
.L9:
	li	a0,-1
	ret
	.size	pick, .-pick
	.align	2
	.globl	name
	.type	name, @function
name:
	li	a5,3
	rem	a0,a0,a5
	lui	a4,%hi(counter)
	lw	a5,%lo(counter)(a4)
	addi	a5,a5,1
	sw	a5,%lo(counter)(a4)
	lui	a5,%hi(.LANCHOR0)
	addi	a5,a5,%lo(.LANCHOR0)
	slli	a0,a0,2
	add	a5,a5,a0
	lw	a0,20(a5)
	ret
	.size	name, .-name
	.globl	counter
	.globl	scale
	.section	.rodata.str1.4,"aMS",@progbits,1
	.align	2
.LC0:
	.string	"alpha"
	.align	2
.LC1:
	.string	"beta"
	.align	2
.LC2:
	.string	"gamma"
	.section	.rodata
	.align	2
	.set	.LANCHOR0,. + 0
	.type	CSWTCH.6, @object
	.size	CSWTCH.6, 20
CSWTCH.6:
	.word	3
	.word	7
	.word	11
	.word	19
	.word	23
	.type	names, @object
	.size	names, 12
names:
	.word	.LC0
	.word	.LC1
	.word	.LC2
	.section	.sbss,"aw",@nobits
	.align	2
	.type	counter, @object
	.size	counter, 4
counter:
	.zero	4
	.section	.sdata,"aw"
	.align	2
	.type	scale, @object
	.size	scale, 4
scale:
	.word	1069547520
	.ident	"GCC: (12.2.0-14+deb12u1+11+b2) 12.2.0"
