# Second half of the multi-file pair; has its own `local_only`, which must not clash.
  .text
  .globl helper
helper:
  la t0, table_a
  bnez t0, local_only
local_only:
  ret
  .data
  .byte 1
  .globl shared
  .balign 4
shared:
  .word 0x5a5a5a5a
  .section .rodata
  .word table_a
