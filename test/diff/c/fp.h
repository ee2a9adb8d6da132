/* FP test harness: every operation runs through inline assembly on raw bits (fmv.w.x in,
   fmv.x.w out) with the fflags cleared before and read right after, once per static rounding
   mode and once with `dyn` under a given frm. Results print as
     <op> <operands...> | <rne> <rtz> <rdn> <rup> <rmm> <dyn> with each entry result:flags. */
#ifndef FP_H
#define FP_H
#include "diff.h"

typedef u32 (*fop1)(u32 a, u32 *flags);
typedef u32 (*fop2)(u32 a, u32 b, u32 *flags);
typedef u32 (*fop3)(u32 a, u32 b, u32 c, u32 *flags);

/* f <- f op f (rm) */
#define DEF_F2(fn, insn, rm)                                                                   \
  static u32 fn(u32 a, u32 b, u32 *flags) {                                                  \
    u32 r, f;                                                                                \
    __asm__ volatile("fmv.w.x ft0, %2\n\tfmv.w.x ft1, %3\n\tfsflags zero\n\t" insn             \
                     " ft2, ft0, ft1" rm "\n\tfrflags %1\n\tfmv.x.w %0, ft2"                   \
                     : "=&r"(r), "=&r"(f) : "r"(a), "r"(b) : "ft0", "ft1", "ft2");             \
    *flags = f;                                                                              \
    return r;                                                                                \
  }
/* f <- f f f (rm) */
#define DEF_F3(fn, insn, rm)                                                                   \
  static u32 fn(u32 a, u32 b, u32 c, u32 *flags) {                                           \
    u32 r, f;                                                                                \
    __asm__ volatile("fmv.w.x ft0, %2\n\tfmv.w.x ft1, %3\n\tfmv.w.x ft2, %4\n\tfsflags zero\n\t" \
                     insn " ft3, ft0, ft1, ft2" rm "\n\tfrflags %1\n\tfmv.x.w %0, ft3"         \
                     : "=&r"(r), "=&r"(f) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3"); \
    *flags = f;                                                                              \
    return r;                                                                                \
  }
/* f <- f (rm) */
#define DEF_F1(fn, insn, rm)                                                                   \
  static u32 fn(u32 a, u32 *flags) {                                                         \
    u32 r, f;                                                                                \
    __asm__ volatile("fmv.w.x ft0, %2\n\tfsflags zero\n\t" insn " ft2, ft0" rm                 \
                     "\n\tfrflags %1\n\tfmv.x.w %0, ft2"                                       \
                     : "=&r"(r), "=&r"(f) : "r"(a) : "ft0", "ft2");                            \
    *flags = f;                                                                              \
    return r;                                                                                \
  }
/* x <- f (rm) */
#define DEF_XF(fn, insn, rm)                                                                   \
  static u32 fn(u32 a, u32 *flags) {                                                         \
    u32 r, f;                                                                                \
    __asm__ volatile("fmv.w.x ft0, %2\n\tfsflags zero\n\t" insn " %0, ft0" rm                  \
                     "\n\tfrflags %1"                                                          \
                     : "=&r"(r), "=&r"(f) : "r"(a) : "ft0");                                   \
    *flags = f;                                                                              \
    return r;                                                                                \
  }
/* f <- x (rm) */
#define DEF_FX(fn, insn, rm)                                                                   \
  static u32 fn(u32 a, u32 *flags) {                                                         \
    u32 r, f;                                                                                \
    __asm__ volatile("fsflags zero\n\t" insn " ft2, %2" rm "\n\tfrflags %1\n\tfmv.x.w %0, ft2" \
                     : "=&r"(r), "=&r"(f) : "r"(a) : "ft2");                                   \
    *flags = f;                                                                              \
    return r;                                                                                \
  }
/* x <- f f (no rm) */
#define DEF_XFF(fn, insn)                                                                      \
  static u32 fn(u32 a, u32 b, u32 *flags) {                                                  \
    u32 r, f;                                                                                \
    __asm__ volatile("fmv.w.x ft0, %2\n\tfmv.w.x ft1, %3\n\tfsflags zero\n\t" insn             \
                     " %0, ft0, ft1\n\tfrflags %1"                                             \
                     : "=&r"(r), "=&r"(f) : "r"(a), "r"(b) : "ft0", "ft1");                    \
    *flags = f;                                                                              \
    return r;                                                                                \
  }

/* The six variants of one rounding-mode instruction: five static modes, then dyn. */
#define DEF_ALL(kind, base, insn)                                                              \
  kind(base##_rne, insn, ", rne") kind(base##_rtz, insn, ", rtz") kind(base##_rdn, insn, ", rdn") \
  kind(base##_rup, insn, ", rup") kind(base##_rmm, insn, ", rmm") kind(base##_dyn, insn, ", dyn")
#define ALL6(base) { base##_rne, base##_rtz, base##_rdn, base##_rup, base##_rmm, base##_dyn }

__attribute__((unused)) static void print_result(u32 r, u32 f) {
  print_char(' ');
  print_hex(r);
  print_char(':');
  print_hex_n(f, 2);
}

/* Runs all six variants; dyn runs under frm = dyn_frm (then frm goes back to 0). */
__attribute__((unused)) static void run2(const char *name, const fop2 *v, u32 a, u32 b, u32 dyn_frm) {
  u32 f, r;
  print_str(name);
  print_char(' ');
  print_hex(a);
  print_char(' ');
  print_hex(b);
  print_str(" |");
  for (int m = 0; m < 6; m++) {
    if (m == 5) write_frm(dyn_frm);
    r = v[m](a, b, &f);
    print_result(r, f);
  }
  write_frm(0);
  print_char('\n');
}

__attribute__((unused)) static void run3(const char *name, const fop3 *v, u32 a, u32 b, u32 c, u32 dyn_frm) {
  u32 f, r;
  print_str(name);
  print_char(' ');
  print_hex(a);
  print_char(' ');
  print_hex(b);
  print_char(' ');
  print_hex(c);
  print_str(" |");
  for (int m = 0; m < 6; m++) {
    if (m == 5) write_frm(dyn_frm);
    r = v[m](a, b, c, &f);
    print_result(r, f);
  }
  write_frm(0);
  print_char('\n');
}

__attribute__((unused)) static void run1(const char *name, const fop1 *v, u32 a, u32 dyn_frm) {
  u32 f, r;
  print_str(name);
  print_char(' ');
  print_hex(a);
  print_str(" |");
  for (int m = 0; m < 6; m++) {
    if (m == 5) write_frm(dyn_frm);
    r = v[m](a, &f);
    print_result(r, f);
  }
  write_frm(0);
  print_char('\n');
}

/* Operands every FP program starts from: signed zeros, subnormals, normals around 1, the
   extremes, infinities, quiet and signalling NaNs with payloads, conversion boundaries. */
static const u32 SPECIAL[] = {
  0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x00400000,
  0x00800000, 0x80800000, 0x00800001, 0x3f800000, 0xbf800000, 0x3f800001, 0x3f7fffff,
  0x40000000, 0x40400000, 0xc0400000, 0x3fc00000, 0x3eaaaaab, 0x34000000, 0x33800000,
  0x7f7fffff, 0xff7fffff, 0x7f000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000,
  0x7fc12345, 0x7f800001, 0xff812345, 0x7fbfffff, 0x4f000000, 0xcf000000, 0x1f800000,
  0x5f800000,
};
#define NSPECIAL ((int)(sizeof SPECIAL / sizeof SPECIAL[0]))

/* A random float bit pattern with an exponent biased towards interesting ranges, so that
   random operands also interact (similar magnitudes) rather than only overflow or vanish. */
__attribute__((unused)) static u32 random_float(u32 *state) {
  u32 r = xorshift32(state);
  u32 sel = xorshift32(state) & 15;
  u32 sign = r & 0x80000000u;
  u32 mant = r & 0x007fffffu;
  u32 exp;
  if (sel < 8) exp = 120 + (xorshift32(state) & 15);          /* near 1.0 */
  else if (sel < 10) exp = (xorshift32(state) & 3);           /* subnormal / tiny */
  else if (sel < 12) exp = 250 + (xorshift32(state) & 3);     /* huge */
  else if (sel < 13) exp = 255;                               /* inf / NaN */
  else exp = (r >> 23) & 0xff;                                /* anything */
  if (sel == 14) mant &= 0x00000007u;                          /* few mantissa bits: ties */
  if (sel == 15) mant |= 0x007ffff0u;
  return sign | (exp << 23) | mant;
}

#endif
