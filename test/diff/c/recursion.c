/* Recursion: Ackermann, Fibonacci, Towers of Hanoi, a recursive quicksort and mutual recursion:
   deep stacks, saved registers, return addresses. */
#include "diff.h"

static u32 ackermann(u32 m, u32 n) {
  if (m == 0) return n + 1;
  if (n == 0) return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}

static u32 fib(u32 n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static u32 moves;
static u32 hanoi_hash;
static void hanoi(u32 n, u32 from, u32 to, u32 via) {
  if (n == 0) return;
  hanoi(n - 1, from, via, to);
  moves++;
  hanoi_hash = hanoi_hash * 7 + from * 3 + to;
  hanoi(n - 1, via, to, from);
}

static void quicksort(i32 *a, i32 lo, i32 hi) {
  if (lo >= hi) return;
  i32 pivot = a[(lo + hi) / 2], i = lo, j = hi;
  while (i <= j) {
    while (a[i] < pivot) i++;
    while (a[j] > pivot) j--;
    if (i <= j) {
      i32 t = a[i];
      a[i] = a[j];
      a[j] = t;
      i++;
      j--;
    }
  }
  quicksort(a, lo, j);
  quicksort(a, i, hi);
}

static int is_odd(u32 n);
static int is_even(u32 n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(u32 n) { return n == 0 ? 0 : is_even(n - 1); }

static i32 data[300];

int main(void) {
  for (u32 m = 0; m <= 2; m++)
    for (u32 n = 0; n <= 4; n++) {
      print_str("ack ");
      print_dec((i32)m);
      print_char(' ');
      print_dec((i32)n);
      print_char(' ');
      print_dec((i32)ackermann(m, n));
      print_char('\n');
    }
  print_line("ack(3,3)", ackermann(3, 3));
  for (u32 n = 0; n <= 22; n += 2) print_line("fib", fib(n));
  hanoi(12, 1, 3, 2);
  print_line("hanoi moves", moves);
  print_line("hanoi hash", hanoi_hash);
  u32 seed = 42;
  for (int i = 0; i < 300; i++) data[i] = (i32)xorshift32(&seed) >> (i & 15);
  quicksort(data, 0, 299);
  u32 ok = 1, h = 0;
  for (int i = 0; i < 300; i++) {
    if (i > 0 && data[i - 1] > data[i]) ok = 0;
    h = h * 31 + (u32)data[i];
  }
  print_line("sorted", ok);
  print_line("sorted hash", h);
  print_line("even(777)", (u32)is_even(777));
  print_line("odd(1001)", (u32)is_odd(1001));
  return (int)(fib(15) % 256);
}
