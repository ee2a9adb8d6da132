# Every relocation form: %hi/%lo on lui/addi/loads/stores, %pcrel_hi/%pcrel_lo pairs (I and S),
# branches and jumps backward/forward/far (GNU's long branch form), calls, data words of
# addresses and address differences.
  .text
  .globl _start
_start:
  lui a0, %hi(var)
  addi a0, a0, %lo(var)
  lw a1, %lo(var)(a0)
  sw a1, %lo(var)(a0)
  flw fa0, %lo(var)(a0)
  fsw fa0, %lo(var)(a0)
  lui a2, %hi(var + 0x1000)
  lb a3, %lo(var + 0x1000)(a2)
  lui a4, %hi(12345678)
  addi a4, a4, %lo(12345678)
  lui a4, %hi(later)
  addi a4, a4, %lo(later)
.Lpc1:
  auipc a5, %pcrel_hi(var)
  addi a5, a5, %pcrel_lo(.Lpc1)
1:
  auipc a6, %pcrel_hi(var + 8)
  sw a7, %pcrel_lo(1b)(a6)
  lw a7, %pcrel_lo(1b)(a6)
  beq a0, a1, near
  bne a0, a1, far
  blt a0, a1, other_section
  bge a0, a1, 0x10000
  jal ra, far
  jal zero, other_section
  call far
  tail other_section
near:
  .rept 1100
    nop
  .endr
far:
  bltu a0, a1, _start
  bgeu a0, a1, near
  ret
  .equ later, 0x89abcdef

  .section .text.other, "ax"
other_section:
  beq a0, a0, _start
  ret

  .data
var:
  .word _start, far - near, var + 4, other_section
  .half near - _start
  .byte far - far + 1
  .word . - var
