/* The print library of the differential C corpus: everything a program prints goes through a
   buffer flushed with the Linux write syscall (a7 = 64), and the program ends with exit
   (a7 = 93). Both qemu-riscv32 and gpesim implement exactly these two calls. */
#ifndef DIFF_H
#define DIFF_H

typedef unsigned int u32;
typedef int i32;
typedef unsigned short u16;
typedef short i16;
typedef unsigned char u8;
typedef signed char i8;

void print_str(const char *s);
void print_char(char c);
void print_hex(u32 value);      /* 8 hex digits, no prefix */
void print_dec(i32 value);
void print_hex_n(u32 value, int digits);
void print_line(const char *label, u32 value); /* "label=xxxxxxxx\n" */
void diff_flush(void);
void diff_exit(int code) __attribute__((noreturn));

/* Raw FP bits in and out, never through a C float (a NaN payload could change on the way). */
static inline float f_from_bits(u32 bits) { union { u32 u; float f; } v; v.u = bits; return v.f; }
static inline u32 f_bits(float f) { union { u32 u; float f; } v; v.f = f; return v.u; }

static inline u32 read_fflags(void) { u32 v; __asm__ volatile("frflags %0" : "=r"(v) : : "memory"); return v; }
static inline void clear_fflags(void) { __asm__ volatile("fsflags zero" : : : "memory"); }
static inline u32 read_frm(void) { u32 v; __asm__ volatile("frrm %0" : "=r"(v) : : "memory"); return v; }
static inline void write_frm(u32 rm) { __asm__ volatile("fsrm %0" : : "r"(rm) : "memory"); }
static inline u32 read_fcsr(void) { u32 v; __asm__ volatile("frcsr %0" : "=r"(v) : : "memory"); return v; }
static inline void write_fcsr(u32 v) { __asm__ volatile("fscsr %0" : : "r"(v) : "memory"); }

/* A small deterministic generator (xorshift32) for operands beyond the hand-picked ones. */
static inline u32 xorshift32(u32 *state) {
  u32 x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}

#endif
