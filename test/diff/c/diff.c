/* See diff.h. One 1 KiB output buffer; diff_exit flushes it before the exit syscall. */
#include "diff.h"

static char out_buf[1024];
static u32 out_len;

static long sys_write(int fd, const void *buf, u32 len) {
  register long a0 __asm__("a0") = fd;
  register long a1 __asm__("a1") = (long)buf;
  register long a2 __asm__("a2") = (long)len;
  register long a7 __asm__("a7") = 64;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
  return a0;
}

void diff_flush(void) {
  u32 done = 0;
  while (done < out_len) {
    long n = sys_write(1, out_buf + done, out_len - done);
    if (n <= 0) break;
    done += (u32)n;
  }
  out_len = 0;
}

void diff_exit(int code) {
  diff_flush();
  register long a0 __asm__("a0") = code;
  register long a7 __asm__("a7") = 93;
  __asm__ volatile("ecall" : : "r"(a0), "r"(a7) : "memory");
  for (;;) {
  }
}

void print_char(char c) {
  if (out_len == sizeof out_buf) diff_flush();
  out_buf[out_len++] = c;
}

void print_str(const char *s) {
  while (*s) print_char(*s++);
}

void print_hex_n(u32 value, int digits) {
  for (int i = digits - 1; i >= 0; i--) print_char("0123456789abcdef"[(value >> (4 * i)) & 15]);
}

void print_hex(u32 value) { print_hex_n(value, 8); }

void print_dec(i32 value) {
  char tmp[12];
  int n = 0;
  u32 v = value < 0 ? 0u - (u32)value : (u32)value;
  if (value < 0) print_char('-');
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) print_char(tmp[--n]);
}

void print_line(const char *label, u32 value) {
  print_str(label);
  print_char('=');
  print_hex(value);
  print_char('\n');
}
