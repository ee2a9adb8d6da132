/* Integer edge cases through inline assembly (C would call several of them undefined): every
   M instruction on extreme operand pairs (division by zero, INT_MIN / -1, mulh* signs), every
   RV32I register-register and immediate ALU form with boundary immediates, and the shifts by
   0, 1, 31 and by amounts whose upper bits must be ignored. */
#include "diff.h"

#define RR(name)                                                                               \
  static u32 name##_(u32 a, u32 b) {                                                         \
    u32 r;                                                                                   \
    __asm__(#name " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));                                  \
    return r;                                                                                \
  }
RR(add) RR(sub) RR(sll) RR(slt) RR(sltu) RR(xor) RR(srl) RR(sra) RR(or) RR(and)
RR(mul) RR(mulh) RR(mulhsu) RR(mulhu) RR(div) RR(divu) RR(rem) RR(remu)

typedef u32 (*rr_fn)(u32, u32);
static const char *const RR_NAMES[] = { "add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra",
  "or", "and", "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu" };
static const rr_fn RR_OPS[] = { add_, sub_, sll_, slt_, sltu_, xor_, srl_, sra_, or_, and_,
  mul_, mulh_, mulhsu_, mulhu_, div_, divu_, rem_, remu_ };

static const u32 VALUES[] = {
  0x00000000, 0x00000001, 0x00000002, 0x00000003, 0x0000001f, 0x00000020, 0x00000021,
  0x7fffffff, 0x80000000, 0x80000001, 0xffffffff, 0xfffffffe, 0x0000ffff, 0x00010000,
  0x12345678, 0xedcba988, 0x55555555, 0xaaaaaaaa, 0x00000007, 0xfffffff9,
};
#define NV ((int)(sizeof VALUES / sizeof VALUES[0]))

/* Immediate forms need constants in the instruction: one function per immediate. */
#define IMM_ALL(imm)                                                                           \
  static void imm_##imm(u32 a) {                                                             \
    u32 r[6];                                                                                \
    __asm__("addi %0, %1, " #imm : "=r"(r[0]) : "r"(a));                                      \
    __asm__("slti %0, %1, " #imm : "=r"(r[1]) : "r"(a));                                      \
    __asm__("sltiu %0, %1, " #imm : "=r"(r[2]) : "r"(a));                                     \
    __asm__("xori %0, %1, " #imm : "=r"(r[3]) : "r"(a));                                      \
    __asm__("ori %0, %1, " #imm : "=r"(r[4]) : "r"(a));                                       \
    __asm__("andi %0, %1, " #imm : "=r"(r[5]) : "r"(a));                                      \
    print_str("imm " #imm " ");                                                               \
    print_hex(a);                                                                            \
    for (int k = 0; k < 6; k++) {                                                            \
      print_char(' ');                                                                       \
      print_hex(r[k]);                                                                       \
    }                                                                                        \
    print_char('\n');                                                                        \
  }
IMM_ALL(0) IMM_ALL(1) IMM_ALL(2047) IMM_ALL(0x555)

#define IMM_NEG(imm)                                                                           \
  static void imm_m##imm(u32 a) {                                                             \
    u32 r[6];                                                                                \
    __asm__("addi %0, %1, -" #imm : "=r"(r[0]) : "r"(a));                                      \
    __asm__("slti %0, %1, -" #imm : "=r"(r[1]) : "r"(a));                                      \
    __asm__("sltiu %0, %1, -" #imm : "=r"(r[2]) : "r"(a));                                     \
    __asm__("xori %0, %1, -" #imm : "=r"(r[3]) : "r"(a));                                      \
    __asm__("ori %0, %1, -" #imm : "=r"(r[4]) : "r"(a));                                       \
    __asm__("andi %0, %1, -" #imm : "=r"(r[5]) : "r"(a));                                      \
    print_str("imm -" #imm " ");                                                               \
    print_hex(a);                                                                            \
    for (int k = 0; k < 6; k++) {                                                            \
      print_char(' ');                                                                       \
      print_hex(r[k]);                                                                       \
    }                                                                                        \
    print_char('\n');                                                                        \
  }
IMM_NEG(1) IMM_NEG(2048) IMM_NEG(0x556)

#define SHIFT(amt)                                                                             \
  static void shift_##amt(u32 a) {                                                           \
    u32 l, r, s;                                                                             \
    __asm__("slli %0, %1, " #amt : "=r"(l) : "r"(a));                                         \
    __asm__("srli %0, %1, " #amt : "=r"(r) : "r"(a));                                         \
    __asm__("srai %0, %1, " #amt : "=r"(s) : "r"(a));                                         \
    print_str("shift " #amt " ");                                                             \
    print_hex(a);                                                                            \
    print_char(' ');                                                                         \
    print_hex(l);                                                                            \
    print_char(' ');                                                                         \
    print_hex(r);                                                                            \
    print_char(' ');                                                                         \
    print_hex(s);                                                                            \
    print_char('\n');                                                                        \
  }
SHIFT(0) SHIFT(1) SHIFT(15) SHIFT(16) SHIFT(30) SHIFT(31)

static u32 lui_auipc(void) {
  u32 a, b, c;
  __asm__("lui %0, 0xfffff" : "=r"(a));
  __asm__("lui %0, 0x80000" : "=r"(b));
  __asm__("lui %0, 0" : "=r"(c));
  return a ^ (b >> 1) ^ c;
}

int main(void) {
  u32 h = 0;
  for (int i = 0; i < NV; i++) {
    for (int j = 0; j < NV; j++) {
      u32 a = VALUES[i], b = VALUES[j];
      print_hex(a);
      print_char(' ');
      print_hex(b);
      print_char(' ');
      print_char('|');
      for (u32 k = 0; k < sizeof RR_OPS / sizeof RR_OPS[0]; k++) {
        u32 r = RR_OPS[k](a, b);
        h = h * 33 + r;
        print_char(' ');
        print_str(RR_NAMES[k]);
        print_char('=');
        print_hex(r);
      }
      print_char('\n');
    }
  }
  for (int i = 0; i < NV; i++) {
    u32 a = VALUES[i];
    imm_0(a); imm_1(a); imm_m1(a); imm_2047(a); imm_m2048(a); imm_0x555(a); imm_m0x556(a);
    shift_0(a); shift_1(a); shift_15(a); shift_16(a); shift_30(a); shift_31(a);
  }
  u32 seed = 0xabcdef01u;
  for (int i = 0; i < 200; i++) {
    u32 a = xorshift32(&seed), b = xorshift32(&seed);
    if (i & 1) b >>= (a & 31);
    print_hex(a);
    print_char(' ');
    print_hex(b);
    print_char(' ');
    print_char('|');
    for (u32 k = 0; k < sizeof RR_OPS / sizeof RR_OPS[0]; k++) {
      u32 r = RR_OPS[k](a, b);
      h = h * 33 + r;
      print_char(' ');
      print_hex(r);
    }
    print_char('\n');
  }
  print_line("lui", lui_auipc());
  print_line("hash", h);
  return (int)(h & 0x7f);
}
