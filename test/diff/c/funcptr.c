/* Indirect control flow: a dense switch (gcc emits a jump table), a sparse switch, arrays of
   function pointers, callbacks, and a tiny bytecode interpreter dispatching through both. */
#include "diff.h"

static u32 op_add(u32 a, u32 b) { return a + b; }
static u32 op_sub(u32 a, u32 b) { return a - b; }
static u32 op_mul(u32 a, u32 b) { return a * b; }
static u32 op_xor(u32 a, u32 b) { return a ^ b; }
static u32 op_rotl(u32 a, u32 b) { b &= 31; return b ? (a << b) | (a >> (32 - b)) : a; }
static u32 op_min(u32 a, u32 b) { return (i32)a < (i32)b ? a : b; }

typedef u32 (*binop)(u32, u32);
static binop const TABLE[] = { op_add, op_sub, op_mul, op_xor, op_rotl, op_min };

__attribute__((noinline)) static u32 dense(u32 k, u32 x) {
  switch (k) {
    case 0: return x + 1;
    case 1: return x * 3;
    case 2: return x ^ 0x5a5a5a5a;
    case 3: return x >> 3;
    case 4: return x << 5;
    case 5: return ~x;
    case 6: return x - 77;
    case 7: return (x & 0xffff) | 0x10000;
    case 8: return x * x;
    case 9: return (u32)-(i32)x;
    case 10: return x | 0x80000000u;
    case 11: return x / 7;
    default: return 0xdead;
  }
}

__attribute__((noinline)) static u32 sparse(u32 k) {
  switch (k) {
    case 3: return 1;
    case 100: return 2;
    case 1000: return 3;
    case 0x7fffffff: return 4;
    case 0x80000000u: return 5;
    case 0xffffffffu: return 6;
    default: return 0;
  }
}

static u32 apply_all(binop f, const u32 *v, u32 n) {
  u32 acc = v[0];
  for (u32 i = 1; i < n; i++) acc = f(acc, v[i]);
  return acc;
}

/* bytecode: op (0..5 binop on stack top two), 6 push imm, 7 dup, 8 jump-if-nonzero back, 9 halt */
static u32 run_vm(const u8 *code) {
  u32 stack[16];
  u32 sp = 0, pc = 0, steps = 0;
  for (;;) {
    u8 op = code[pc++];
    steps++;
    if (op < 6) {
      u32 b = stack[--sp];
      u32 a = stack[--sp];
      stack[sp++] = TABLE[op](a, b);
    } else {
      switch (op) {
        case 6: stack[sp++] = code[pc++]; break;
        case 7: stack[sp] = stack[sp - 1]; sp++; break;
        case 8: { u8 back = code[pc++]; if (stack[--sp] != 0) pc -= back; break; }
        case 9: return stack[sp - 1] ^ (steps << 16);
        default: return 0xbad;
      }
    }
  }
}

int main(void) {
  u32 v[10];
  u32 seed = 99;
  for (int i = 0; i < 10; i++) v[i] = xorshift32(&seed);
  for (u32 i = 0; i < sizeof TABLE / sizeof TABLE[0]; i++) print_line("apply", apply_all(TABLE[i], v, 10));
  u32 x = 12345;
  for (u32 i = 0; i < 40; i++) {
    x = dense((x + i) % 13, x);
    print_hex(x);
    print_char(i % 8 == 7 ? '\n' : ' ');
  }
  static const u32 KEYS[] = { 3, 4, 100, 1000, 999, 0x7fffffff, 0x80000000u, 0xffffffffu, 0 };
  for (u32 i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++) print_line("sparse", sparse(KEYS[i]));
  /* counts 10 down to 0, multiplying an accumulator by 3 each time */
  static const u8 CODE[] = { 6, 1, 6, 10,       /* acc=1 n=10 */
                             /* loop: */ 6, 1, 1, /* n-1 */ 7, 8, 0, 9 };
  print_line("vm", run_vm(CODE));
  static const u8 CODE2[] = { 6, 7, 6, 9, 2, 6, 5, 4, 6, 200, 3, 9 };
  print_line("vm2", run_vm(CODE2));
  return (int)(x & 0x3f);
}
