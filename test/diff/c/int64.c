/* 64-bit integer arithmetic as gcc lowers it on RV32: carries through sltu, mul/mulhu pairs,
   shifts across the word boundary, and libgcc's __udivdi3/__divdi3/__umoddi3/__moddi3 (linked
   from the rv32imf/ilp32f multilib, which has no compressed instructions). */
#include "diff.h"

typedef unsigned long long u64;
typedef long long i64;

static void print64(const char *label, u64 v) {
  print_str(label);
  print_char('=');
  print_hex((u32)(v >> 32));
  print_hex((u32)v);
  print_char('\n');
}

static const u64 VALUES[] = {
  0, 1, 2, 3, 7, 10, 0xffffffffull, 0x100000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
  0xffffffffffffffffull, 0xfffffffffffffffeull, 0x123456789abcdef0ull, 0xfedcba9876543210ull,
  1000000007ull, 0x00000001ffffffffull, 0x8000000000000001ull, 12345678901234567ull,
};
#define NV (sizeof VALUES / sizeof VALUES[0])

static volatile u32 shift_amounts[] = { 0, 1, 31, 32, 33, 63 };

int main(void) {
  u64 h = 0;
  for (u32 i = 0; i < NV; i++) {
    for (u32 j = 0; j < NV; j++) {
      u64 a = VALUES[i], b = VALUES[j];
      i64 sa = (i64)a, sb = (i64)b;
      u64 r[8];
      r[0] = a + b;
      r[1] = a - b;
      r[2] = a * b;
      r[3] = b ? a / b : 0;
      r[4] = b ? a % b : 0;
      r[5] = (sb && !(sa == (i64)0x8000000000000000ull && sb == -1)) ? (u64)(sa / sb) : 0;
      r[6] = (sb && !(sa == (i64)0x8000000000000000ull && sb == -1)) ? (u64)(sa % sb) : 0;
      r[7] = (u64)((sa < sb) | ((a < b) << 1) | ((a == b) << 2));
      print_hex(i);
      print_char(' ');
      print_hex(j);
      for (int k = 0; k < 8; k++) {
        print_char(' ');
        print_hex((u32)(r[k] >> 32));
        print_hex((u32)r[k]);
        h = h * 1000003u + r[k];
      }
      print_char('\n');
    }
    for (u32 s = 0; s < sizeof shift_amounts / sizeof shift_amounts[0]; s++) {
      u32 n = shift_amounts[s];
      print64("shl", VALUES[i] << n);
      print64("shr", VALUES[i] >> n);
      print64("sar", (u64)((i64)VALUES[i] >> n));
    }
  }
  /* a 64-bit LCG and a popcount loop */
  u64 x = 88172645463325252ull;
  u32 bits = 0;
  for (int i = 0; i < 1000; i++) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    u64 y = x;
    while (y) {
      bits += (u32)(y & 1);
      y >>= 1;
    }
  }
  print64("lcg", x);
  print_line("bits", bits);
  print64("hash", h);
  return (int)(h & 0x7f);
}
