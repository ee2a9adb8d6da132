# Every pseudo-instruction and alternative spelling GNU as accepts that gpesim accepts.
  .text
  .globl _start
_start:
  nop
  li a0, 0
  li a0, 2047
  li a0, -2048
  li a0, 2048
  li a0, 0x800
  li a0, -2049
  li a0, 0x12345678
  li a0, 0x12345000
  li a0, 0x7fffffff
  li a0, 0x80000000
  li a0, 0xffffffff
  li a0, -1
  li t6, 0xfffff800
  li s11, 0xdeadbeef
  .equ BIG, 0x10000 * 3 + 5
  li a1, BIG
  li a2, BIG - 0x10005
  la a0, data_word
  lla a1, data_word
  la a2, 0x12345678
  lla a3, 42
  la a4, _start
  mv a0, a1
  not a0, a1
  neg a0, a1
  seqz a0, a1
  snez a0, a1
  sltz a0, a1
  sgtz a0, a1
  sgt a0, a1, a2
  sgtu a0, a1, a2
  beqz a0, 1f
  bnez a0, 1f
  blez a0, 1f
  bgez a0, 1f
  bltz a0, 1f
  bgtz a0, 1f
  bgt a0, a1, 1f
  ble a0, a1, 1f
  bgtu a0, a1, 1f
  bleu a0, a1, 1f
1:
  j 1b
  jal 1b
  jal ra, 1b
  jr a0
  jr a0, 12
  jalr a0
  jalr a1, a2
  jalr a1, a2, -4
  jalr a1, 8(a2)
  jalr a1, (a2)
  jalr 12(a0)
  jalr (t0)
  jr -4(a1)
  jr (t1)
  ret
  call func
  call a5, func
  tail func
  jump func, t2
  fmv.s fa0, fa1
  fabs.s fa0, fa1
  fneg.s fa0, fa1
  fmv.x.s a0, fa1
  fmv.s.x fa0, a1
  fgt.s a0, fa1, fa2
  fge.s a0, fa1, fa2
  csrr a0, mstatus
  csrr a0, 0x7c0
  csrw mscratch, a0
  csrs mstatus, a0
  csrc mstatus, a0
  csrw mscratch, 5
  csrs mstatus, 8
  csrc mstatus, 31
  csrwi mscratch, 5
  csrsi mstatus, 0
  csrci mstatus, 31
  csrrw a0, mscratch, 7
  csrrs a0, mscratch, 7
  csrrc a0, mscratch, 7
  frcsr a0
  fscsr a0
  fscsr a0, a1
  frrm a0
  fsrm a0
  fsrm a0, a1
  fsrmi 3
  fsrmi a0, 4
  frflags a0
  fsflags a0
  fsflags a0, a1
  fsflagsi 31
  fsflagsi a0, 1
  rdcycle a0
  rdcycleh a0
  rdinstret a1
  rdinstreth a1
  rdtime a2
  rdtimeh a2
  lb a0, data_word
  lh a0, data_word
  lw a0, data_word
  lbu a0, data_word
  lhu a0, data_word
  lw a0, data_word + 4
  sb a0, data_word, t0
  sh a0, data_word, t0
  sw a0, data_word, t0
  flw fa0, data_word, t1
  fsw fa0, data_word, t1
  fence
  fence rw, rw
  fence.i
  add a0, a1, 5
  and a0, a1, -1
  or a0, a1, 0x7ff
  xor a0, a1, 1
  slt a0, a1, -3
  sltu a0, a1, 3
  sll a0, a1, 3
  srl a0, a1, 31
  sra a0, a1, 1
  fadd.s fa0, fa1, fa2
  fadd.s fa0, fa1, fa2, rtz
  fmadd.s fa0, fa1, fa2, fa3
  fcvt.w.s a0, fa0
  fcvt.w.s a0, fa0, rmm
  fsqrt.s fa0, fa1, rup
  lr.w a0, 0(a1)
  amoadd.w.aqrl a0, a1, (a2)
  zext.b a0, a1
  unimp
  scall
  sbreak
func:
  ret

  .data
data_word:
  .word 1, 2
