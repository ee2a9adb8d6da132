/* The A extension on one hart: every amo*.w with its old value and the new memory value on
   signed/unsigned extremes, the ordering variants, lr.w/sc.w success, sc.w after another store
   or without a reservation, and gcc's __atomic builtins. */
#include "diff.h"

static volatile u32 cell;
static volatile u32 other;

#define AMO(fn, insn)                                                                          \
  static u32 fn(volatile u32 *p, u32 v) {                                                    \
    u32 old;                                                                                 \
    __asm__ volatile(insn " %0, %2, (%1)" : "=r"(old) : "r"(p), "r"(v) : "memory");           \
    return old;                                                                              \
  }
AMO(amoswap, "amoswap.w") AMO(amoadd, "amoadd.w") AMO(amoxor, "amoxor.w")
AMO(amoand, "amoand.w") AMO(amoor, "amoor.w") AMO(amomin, "amomin.w") AMO(amomax, "amomax.w")
AMO(amominu, "amominu.w") AMO(amomaxu, "amomaxu.w") AMO(amoadd_aq, "amoadd.w.aq")
AMO(amoadd_rl, "amoadd.w.rl") AMO(amoadd_aqrl, "amoadd.w.aqrl") AMO(amoswap_aqrl, "amoswap.w.aqrl")
AMO(amoor_aq, "amoor.w.aq") AMO(amomin_rl, "amomin.w.rl")

typedef u32 (*amo_fn)(volatile u32 *, u32);
static const char *const NAMES[] = { "amoswap", "amoadd", "amoxor", "amoand", "amoor", "amomin",
  "amomax", "amominu", "amomaxu", "amoadd.aq", "amoadd.rl", "amoadd.aqrl", "amoswap.aqrl",
  "amoor.aq", "amomin.rl" };
static const amo_fn OPS[] = { amoswap, amoadd, amoxor, amoand, amoor, amomin, amomax, amominu,
  amomaxu, amoadd_aq, amoadd_rl, amoadd_aqrl, amoswap_aqrl, amoor_aq, amomin_rl };

static const u32 VALUES[] = { 0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x12345678, 0xfffffffe, 0x80000001 };
#define NV (sizeof VALUES / sizeof VALUES[0])

static u32 lr(volatile u32 *p) { u32 v; __asm__ volatile("lr.w %0, (%1)" : "=r"(v) : "r"(p) : "memory"); return v; }
static u32 lr_aq(volatile u32 *p) { u32 v; __asm__ volatile("lr.w.aq %0, (%1)" : "=r"(v) : "r"(p) : "memory"); return v; }
static u32 sc(volatile u32 *p, u32 v) { u32 r; __asm__ volatile("sc.w %0, %2, (%1)" : "=&r"(r) : "r"(p), "r"(v) : "memory"); return r; }
static u32 sc_rl(volatile u32 *p, u32 v) { u32 r; __asm__ volatile("sc.w.rl %0, %2, (%1)" : "=&r"(r) : "r"(p), "r"(v) : "memory"); return r; }

static u32 cas_loop_add(volatile u32 *p, u32 v) {
  u32 old, fail;
  do {
    old = lr_aq(p);
    fail = sc_rl(p, old + v);
  } while (fail != 0);
  return old;
}

int main(void) {
  for (u32 k = 0; k < sizeof OPS / sizeof OPS[0]; k++) {
    for (u32 i = 0; i < NV; i++) {
      print_str(NAMES[k]);
      for (u32 j = 0; j < NV; j++) {
        cell = VALUES[i];
        u32 old = OPS[k](&cell, VALUES[j]);
        print_char(' ');
        print_hex(old);
        print_char('>');
        print_hex(cell);
      }
      print_char('\n');
    }
  }
  /* lr/sc: a paired sc succeeds (0) and stores; a second sc has no reservation (non-zero). */
  cell = 100;
  u32 v = lr(&cell);
  u32 r1 = sc(&cell, v + 1);
  print_line("lr", v);
  print_line("sc first", r1);
  print_line("cell", cell);
  u32 r2 = sc(&cell, 555);
  print_line("sc again fails", r2 != 0);
  print_line("cell unchanged", cell);
  for (u32 i = 0; i < 50; i++) cas_loop_add(&cell, i);
  print_line("cas sum", cell);
  /* gcc's builtins */
  u32 x = 5;
  u32 a = __atomic_fetch_add(&x, 10, __ATOMIC_SEQ_CST);
  u32 b = __atomic_exchange_n(&x, 77, __ATOMIC_ACQ_REL);
  u32 expected = 77;
  int ok = __atomic_compare_exchange_n(&x, &expected, 99, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  u32 expected2 = 1;
  int bad = __atomic_compare_exchange_n(&x, &expected2, 123, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  print_line("fetch_add old", a);
  print_line("exchange old", b);
  print_line("cas ok", (u32)ok);
  print_line("cas bad", (u32)bad);
  print_line("cas seen", expected2);
  print_line("x", x);
  print_line("fetch_or", __atomic_fetch_or(&x, 0x100, __ATOMIC_RELAXED));
  print_line("fetch_and", __atomic_fetch_and(&x, 0xff, __ATOMIC_RELAXED));
  print_line("x", x);
  other = 1;
  return (int)(cell & 0xff);
}
