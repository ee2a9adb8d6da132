/* Byte, half and word memory traffic: sign and zero extension of lb/lh/lbu/lhu at every
   aligned offset, sb/sh/sw merging into words (little-endian), struct copies, a byte-wise
   memmove with overlap, and a sieve over a byte array in .bss. */
#include "diff.h"

static u32 words[16] = { 0x80ff7f01, 0x00ff8000, 0xdeadbeef, 0x7fff8001, 0x12345678 };
static u8 sieve[4000];
struct rec {
  i8 c;
  i16 s;
  i32 w;
  u8 bytes[5];
  u16 h;
};
static struct rec recs[8];

static i32 lb_(const void *p) { i32 r; __asm__ volatile("lb %0, 0(%1)" : "=r"(r) : "r"(p) : "memory"); return r; }
static i32 lh_(const void *p) { i32 r; __asm__ volatile("lh %0, 0(%1)" : "=r"(r) : "r"(p) : "memory"); return r; }
static u32 lbu_(const void *p) { u32 r; __asm__ volatile("lbu %0, 0(%1)" : "=r"(r) : "r"(p) : "memory"); return r; }
static u32 lhu_(const void *p) { u32 r; __asm__ volatile("lhu %0, 0(%1)" : "=r"(r) : "r"(p) : "memory"); return r; }
static u32 lw_(const void *p) { u32 r; __asm__ volatile("lw %0, 0(%1)" : "=r"(r) : "r"(p) : "memory"); return r; }

static void my_memmove(u8 *dst, const u8 *src, u32 n) {
  volatile u8 *d = dst;
  if (dst < src) {
    for (u32 i = 0; i < n; i++) d[i] = src[i];
  } else {
    for (u32 i = n; i > 0; i--) d[i - 1] = src[i - 1];
  }
}

int main(void) {
  u8 *bytes = (u8 *)words;
  for (int i = 0; i < 20; i++) {
    print_str("b ");
    print_dec(i);
    print_char(' ');
    print_hex((u32)lb_(bytes + i));
    print_char(' ');
    print_hex(lbu_(bytes + i));
    if ((i & 1) == 0) {
      print_char(' ');
      print_hex((u32)lh_(bytes + i));
      print_char(' ');
      print_hex(lhu_(bytes + i));
    }
    if ((i & 3) == 0) {
      print_char(' ');
      print_hex(lw_(bytes + i));
    }
    print_char('\n');
  }
  /* stores of each width merge into the word */
  for (int i = 0; i < 4; i++) {
    volatile u8 *pb = bytes + 32 + i;
    *pb = (u8)(0xa0 + i);
    print_line("after sb", words[8]);
  }
  for (int i = 0; i < 2; i++) {
    volatile u16 *ph = (u16 *)(bytes + 36) + i;
    *ph = (u16)(0x8001 + 0x1111 * i);
    print_line("after sh", words[9]);
  }
  volatile u16 *ph = (u16 *)(bytes + 32);
  *ph = 0xffff;
  print_line("sh over sb", words[8]);
  /* struct traffic */
  for (int i = 0; i < 8; i++) {
    recs[i].c = (i8)(-i * 17);
    recs[i].s = (i16)(i * -4099);
    recs[i].w = i * 0x01020304 - 5;
    for (int k = 0; k < 5; k++) recs[i].bytes[k] = (u8)(i * 51 + k * 13);
    recs[i].h = (u16)(0xfff0 + i);
  }
  struct rec copy = recs[5];
  recs[0] = copy;
  u32 h = 0;
  const u8 *rb = (const u8 *)recs;
  for (u32 i = 0; i < sizeof recs; i++) h = h * 131 + rb[i];
  print_line("recs hash", h);
  print_line("sizeof rec", sizeof(struct rec));
  for (int i = 0; i < 8; i++) {
    print_dec(recs[i].c);
    print_char(' ');
    print_dec(recs[i].s);
    print_char(' ');
    print_dec(recs[i].w);
    print_char(' ');
    print_dec(recs[i].h);
    print_char('\n');
  }
  /* overlapping moves */
  static u8 buf[64];
  for (int i = 0; i < 64; i++) buf[i] = (u8)i;
  my_memmove(buf + 3, buf, 40);
  my_memmove(buf, buf + 7, 30);
  for (int i = 0; i < 64; i++) print_hex_n(buf[i], 2);
  print_char('\n');
  /* sieve of Eratosthenes on .bss bytes (must start zeroed) */
  u32 zero = 0;
  for (u32 i = 0; i < sizeof sieve; i++) zero |= sieve[i];
  print_line("bss zero", zero);
  u32 count = 0, last = 0;
  for (u32 i = 2; i < sizeof sieve; i++) {
    if (!sieve[i]) {
      count++;
      last = i;
      for (u32 j = i * i; j < sizeof sieve; j += i) sieve[j] = 1;
    }
  }
  print_line("primes", count);
  print_line("last prime", last);
  /* stack arrays with halfword arithmetic */
  i16 hs[32];
  for (int i = 0; i < 32; i++) hs[i] = (i16)(i * 3000 - 40000);
  i32 sum = 0;
  for (int i = 0; i < 32; i++) sum += hs[i];
  print_line("half sum", (u32)sum);
  return (int)(count & 0xff);
}
