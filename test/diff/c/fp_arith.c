/* fadd.s, fsub.s, fmul.s, fdiv.s over every pair of special operands and random ones, in all
   five static rounding modes and dyn (frm cycling through the five modes). */
#include "fp.h"

DEF_ALL(DEF_F2, fadd, "fadd.s")
DEF_ALL(DEF_F2, fsub, "fsub.s")
DEF_ALL(DEF_F2, fmul, "fmul.s")
DEF_ALL(DEF_F2, fdiv, "fdiv.s")

static const fop2 ADD[6] = ALL6(fadd);
static const fop2 SUB[6] = ALL6(fsub);
static const fop2 MUL[6] = ALL6(fmul);
static const fop2 DIV[6] = ALL6(fdiv);

/* Pairs whose exact result sits on a rounding boundary. */
static const u32 HALFWAY[][2] = {
  {0x3f800000, 0x33800000}, /* 1 + 2^-24: tie, even stays 1 */
  {0x3f800001, 0x33800000}, /* tie, odd rounds up */
  {0x3f800000, 0xb3800000}, /* 1 - 2^-24: exact */
  {0x4b7fffff, 0x3f000000}, /* 2^24 - 1 + 0.5 */
  {0x4b800000, 0x3f800000}, /* 2^24 + 1: tie */
  {0x7f7fffff, 0x73800000}, /* max + half ulp: overflow in rne */
  {0x7f7fffff, 0x73000000}, /* max + quarter ulp */
  {0x00800000, 0x80000001}, /* min normal - min subnormal: exact subnormal */
  {0x3f800000, 0x3f800000},
  {0x3f800000, 0xbf800000}, /* x - x = +0 (or -0 in rdn) */
};

int main(void) {
  u32 n = 0;
  for (int i = 0; i < NSPECIAL; i++) {
    for (int j = 0; j < NSPECIAL; j++) {
      u32 a = SPECIAL[i], b = SPECIAL[j], frm = n++ % 5;
      run2("fadd.s", ADD, a, b, frm);
      run2("fsub.s", SUB, a, b, frm);
      run2("fmul.s", MUL, a, b, frm);
      run2("fdiv.s", DIV, a, b, frm);
    }
  }
  for (u32 k = 0; k < sizeof HALFWAY / sizeof HALFWAY[0]; k++) {
    for (u32 frm = 0; frm < 5; frm++) {
      run2("fadd.s", ADD, HALFWAY[k][0], HALFWAY[k][1], frm);
      run2("fsub.s", SUB, HALFWAY[k][0], HALFWAY[k][1], frm);
    }
  }
#ifndef FP_SEED /* another seed: gcc -DFP_SEED=... for an ad-hoc wider search */
#define FP_SEED 0x12345678u
#endif
  u32 seed = FP_SEED;
  for (int i = 0; i < 1500; i++) {
    u32 a = random_float(&seed), b = random_float(&seed), frm = n++ % 5;
    run2("fadd.s", ADD, a, b, frm);
    run2("fsub.s", SUB, a, b, frm);
    run2("fmul.s", MUL, a, b, frm);
    run2("fdiv.s", DIV, a, b, frm);
  }
  return 0;
}
