# .weak (overridden by a strong definition in weak_b.s, defined, undefined = 0; branches to a weak
# symbol take GNU's long form), .org, .uleb128/.sleb128.
  .text
  .globl _start
_start:
  call wfunc
  call strong
  la a0, wundef
  lw a1, wdata
  .weak wfunc, strong, wundef
wfunc: ret
strong: li a0, 1
  ret
  .org 0x40
  nop
  .data
  .weak wdata
wdata: .word 1
  .uleb128 0
  .uleb128 127
  .uleb128 128
  .uleb128 624485
  .uleb128 0xffffffff
  .sleb128 0
  .sleb128 -1
  .sleb128 63
  .sleb128 64
  .sleb128 -64
  .sleb128 -65
  .sleb128 -123456
  .sleb128 0x7fffffff
  .org . + 3, 0xaa
  .byte 9
  beq a0, a1, wfunc
