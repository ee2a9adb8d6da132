# Two files linked together: globals resolved across files, branches/calls/loads across them.
  .text
  .globl _start
_start:
  call helper
  la a0, shared
  lw a1, shared
  sw a1, shared, t0
  beq a0, a1, helper
  j helper
  jal helper
  lui a2, %hi(shared)
  lw a2, %lo(shared)(a2)
local_only:
  ret
  .data
  .globl table_a
table_a:
  .word helper, shared, local_only
