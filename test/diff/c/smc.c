/* diff-flags: -Wl,-N */
/* Self-modifying code: instructions written into a data buffer (linked with -N, so that text
   and data share one RWX segment that qemu-user lets us write and execute) and executed, rewritten and executed again, with fence.i and without it. A
   decoded-instruction cache must never run the stale version. Encodings are computed here:
   addi a0, a0, imm = imm << 20 | 10 << 15 | 10 << 7 | 0x13; ret = jalr zero, 0(ra) = 0x00008067. */
#include "diff.h"

#define RET 0x00008067u

static u32 code[64] __attribute__((aligned(64)));
typedef u32 (*fn)(u32);

static u32 addi_a0(i32 imm) { return ((u32)(imm & 0xfff) << 20) | (10u << 15) | (10u << 7) | 0x13u; }

static u32 call(u32 arg) {
  fn f = (fn)(void *)code;
  return f(arg);
}

int main(void) {
  u32 sum = 0;
  /* one instruction rewritten 40 times, fence.i after each write */
  for (i32 k = -20; k < 20; k++) {
    code[0] = addi_a0(k * 37);
    code[1] = RET;
    __asm__ volatile("fence.i" ::: "memory");
    u32 r = call(1000);
    sum = sum * 3 + r;
    print_hex(r);
    print_char((k & 7) == 7 ? '\n' : ' ');
  }
  print_line("sum fence.i", sum);
  /* a growing chain of additions, without fence.i (gpesim promises stores into code are seen) */
  sum = 0;
  for (u32 n = 1; n < 40; n++) {
    for (u32 i = 0; i < n; i++) code[i] = addi_a0((i32)(i + n));
    code[n] = RET;
    __asm__ volatile("" ::: "memory");
    u32 r = call(n);
    sum += r;
    print_hex(r);
    print_char((n & 7) == 7 ? '\n' : ' ');
  }
  print_char('\n');
  print_line("sum no fence.i", sum);
  return (int)(sum & 0x7f);
}
