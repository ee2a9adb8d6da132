/* Compiler-generated single-precision code: the FP instructions gcc picks for ordinary C
   (loads, stores, fused multiply-adds, compares, conversions, sign tricks) on small numeric
   kernels, each result printed as bits. */
#include "diff.h"

#define N 12

static float a[N][N], b[N][N], c[N][N];
static float vec[64];

static float newton_sqrt(float x) {
  float g = x > 1.0f ? x * 0.5f : 1.0f;
  for (int i = 0; i < 30; i++) g = 0.5f * (g + x / g);
  return g;
}

static float poly_sin(float x) {
  /* Taylor series to x^11, Horner form */
  float x2 = x * x;
  return x * (1.0f - x2 / 6.0f * (1.0f - x2 / 20.0f * (1.0f - x2 / 42.0f * (1.0f - x2 / 72.0f * (1.0f - x2 / 110.0f)))));
}

static float sum_kahan(const float *v, int n) {
  float s = 0.0f, comp = 0.0f;
  for (int i = 0; i < n; i++) {
    float y = v[i] - comp;
    float t = s + y;
    comp = (t - s) - y;
    s = t;
  }
  return s;
}

int main(void) {
  u32 seed = 7;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      a[i][j] = (float)(i32)(xorshift32(&seed) % 2001 - 1000) / 37.0f;
      b[i][j] = (float)(i32)(xorshift32(&seed) % 2001 - 1000) * 0.013f;
    }
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      float s = 0.0f;
      for (int k = 0; k < N; k++) s += a[i][k] * b[k][j];
      c[i][j] = s;
    }
  u32 h = 0;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      print_hex(f_bits(c[i][j]));
      print_char((j == N - 1) ? '\n' : ' ');
      h = h * 31 + f_bits(c[i][j]);
    }
  print_line("matmul hash", h);
  for (int i = 0; i < 64; i++) {
    float x = (float)i * 0.37f + 0.01f;
    vec[i] = newton_sqrt(x) - poly_sin(x / 10.0f);
    print_hex(f_bits(newton_sqrt(x)));
    print_char(' ');
    print_hex(f_bits(poly_sin(x / 10.0f)));
    print_char(' ');
    print_dec((i32)(x * 1000.0f));
    print_char(' ');
    print_hex((u32)(x * 1.0e7f));
    print_char(' ');
    print_hex(f_bits(-x));
    print_char(' ');
    print_hex(f_bits(x < 5.0f ? x : 5.0f));
    print_char('\n');
  }
  print_line("kahan", f_bits(sum_kahan(vec, 64)));
  float m = vec[0];
  int arg = 0;
  for (int i = 1; i < 64; i++)
    if (vec[i] > m) {
      m = vec[i];
      arg = i;
    }
  print_line("max", f_bits(m));
  print_line("argmax", (u32)arg);
  print_line("fcsr", read_fcsr());
  return arg;
}
