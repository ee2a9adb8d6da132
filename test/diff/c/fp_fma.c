/* fmadd.s, fmsub.s, fnmsub.s, fnmadd.s: rounded once, in every rounding mode, on special
   triples, cancellation cases that only a fused operation gets right, and random triples. */
#include "fp.h"

DEF_ALL(DEF_F3, fmadd, "fmadd.s")
DEF_ALL(DEF_F3, fmsub, "fmsub.s")
DEF_ALL(DEF_F3, fnmsub, "fnmsub.s")
DEF_ALL(DEF_F3, fnmadd, "fnmadd.s")

static const fop3 MADD[6] = ALL6(fmadd);
static const fop3 MSUB[6] = ALL6(fmsub);
static const fop3 NMSUB[6] = ALL6(fnmsub);
static const fop3 NMADD[6] = ALL6(fnmadd);

static const u32 FUSED[][3] = {
  {0x3f800001, 0x3f7ffffe, 0xbf800000}, /* (1+u)(1-2u) - 1: tiny exact result */
  {0x3f800001, 0x3f800001, 0xbf800000}, /* (1+u)^2 - 1 = 2u + u^2 */
  {0x3f800001, 0x3f800001, 0xbf800002}, /* (1+u)^2 - (1+2u) = u^2 */
  {0x3eaaaaab, 0x40400000, 0xbf800000}, /* 3 * 0x3eaaaaab - 1 */
  {0x7f7fffff, 0x40000000, 0xff7fffff}, /* product overflows, sum does not */
  {0x7f7fffff, 0x3f800000, 0x7f7fffff}, /* overflow */
  {0x00800000, 0x3f000000, 0x00000000}, /* product subnormal: underflow exact */
  {0x00800001, 0x3f000000, 0x80000000}, /* product subnormal, inexact */
  {0x00000001, 0x00000001, 0x00000000}, /* product far below subnormal */
  {0x00000001, 0x00000001, 0x80000000},
  {0x3f800000, 0x00000000, 0x80000000}, /* 1*0 + -0: sign of exact zero */
  {0x3f800000, 0x80000000, 0x00000000},
  {0x3f800000, 0x80000000, 0x80000000},
  {0x7f800000, 0x00000000, 0x7fc00000}, /* inf*0 + qNaN: NV (RISC-V raises it) */
  {0x7f800000, 0x00000000, 0x3f800000}, /* inf*0: NV */
  {0x7f800000, 0x3f800000, 0xff800000}, /* inf - inf: NV */
  {0x7f800001, 0x3f800000, 0x3f800000}, /* sNaN operand */
  {0x3f800000, 0x3f800000, 0x7f800001},
  {0x7fc12345, 0x3f800000, 0x3f800000}, /* qNaN: canonical result, no flag */
  {0x4b800000, 0x3f800000, 0x3f800000}, /* 2^24 + 1: tie */
  {0x4b800001, 0x3f800000, 0x3f800000},
};

int main(void) {
  u32 n = 0;
  for (u32 k = 0; k < sizeof FUSED / sizeof FUSED[0]; k++) {
    for (u32 frm = 0; frm < 5; frm++) {
      u32 a = FUSED[k][0], b = FUSED[k][1], c = FUSED[k][2];
      run3("fmadd.s", MADD, a, b, c, frm);
      run3("fmsub.s", MSUB, a, b, c, frm);
      run3("fnmsub.s", NMSUB, a, b, c, frm);
      run3("fnmadd.s", NMADD, a, b, c, frm);
    }
  }
  /* A slice of all special triples: every a, b from the specials, c from a rotating subset. */
  for (int i = 0; i < NSPECIAL; i += 2) {
    for (int j = 1; j < NSPECIAL; j += 2) {
      u32 a = SPECIAL[i], b = SPECIAL[j], c = SPECIAL[(i * 7 + j * 3) % NSPECIAL], frm = n++ % 5;
      run3("fmadd.s", MADD, a, b, c, frm);
      run3("fnmsub.s", NMSUB, a, b, c, frm);
      run3("fmsub.s", MSUB, b, a, c, frm);
      run3("fnmadd.s", NMADD, b, a, c, frm);
    }
  }
#ifndef FP_SEED /* another seed: gcc -DFP_SEED=... for an ad-hoc wider search */
#define FP_SEED 0xdeadbeefu
#endif
  u32 seed = FP_SEED;
  for (int i = 0; i < 1500; i++) {
    u32 a = random_float(&seed), b = random_float(&seed), c = random_float(&seed), frm = n++ % 5;
    /* Make c cancel the product now and then: c = -(a*b) rounded toward zero. */
    if ((i & 3) == 0) {
      u32 p;
      __asm__ volatile("fmv.w.x ft0, %1\n\tfmv.w.x ft1, %2\n\tfmul.s ft2, ft0, ft1, rtz\n\tfneg.s ft2, ft2\n\tfmv.x.w %0, ft2"
                       : "=r"(p) : "r"(a), "r"(b) : "ft0", "ft1", "ft2");
      c = p;
    }
    run3("fmadd.s", MADD, a, b, c, frm);
    run3("fmsub.s", MSUB, a, b, c, frm);
    run3("fnmsub.s", NMSUB, a, b, c, frm);
    run3("fnmadd.s", NMADD, a, b, c, frm);
  }
  return 0;
}
