/*
 * FP oracle for test/core/fp32-oracle.test.ts: runs real RV32F instructions (on qemu-riscv32,
 * i.e. QEMU's SoftFloat) for a stream of records read from stdin.
 *
 * Input record (5 little-endian uint32): op, rm, a, b, c.
 * Output record (2 little-endian uint32): result bits (or integer result), fflags after the op.
 * The rounding mode is the STATIC rm field of the instruction (one inline asm per mode).
 *
 * Build: riscv64-unknown-elf-gcc -march=rv32imaf_zicsr -mabi=ilp32f -O2 -nostdlib -static
 *        -ffreestanding -o oracle oracle.c
 */
typedef unsigned int u32;

enum {
  OP_FADD, OP_FSUB, OP_FMUL, OP_FDIV, OP_FSQRT, OP_FMADD, OP_FMSUB, OP_FNMSUB, OP_FNMADD,
  OP_FMIN, OP_FMAX, OP_FEQ, OP_FLT, OP_FLE, OP_FCLASS, OP_FCVT_W_S, OP_FCVT_WU_S, OP_FCVT_S_W,
  OP_FCVT_S_WU
};

__asm__(
    ".section .text._start\n"
    ".globl _start\n"
    "_start:\n"
    "  call main\n"
    "  li a7, 93\n"
    "  ecall\n");

static long sys3(long n, long a0, long a1, long a2) {
  register long r_a0 __asm__("a0") = a0;
  register long r_a1 __asm__("a1") = a1;
  register long r_a2 __asm__("a2") = a2;
  register long r_a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a7) : "memory");
  return r_a0;
}

#define BATCH 1024
static u32 in[BATCH * 5];
static u32 out[BATCH * 2];

static int read_full(unsigned char *buf, int len) {
  int got = 0;
  while (got < len) {
    long n = sys3(63, 0, (long)(buf + got), len - got);
    if (n <= 0) break;
    got += (int)n;
  }
  return got;
}

static void write_full(const unsigned char *buf, int len) {
  while (len > 0) {
    long n = sys3(64, 1, (long)buf, len);
    if (n <= 0) return;
    buf += n;
    len -= (int)n;
  }
}

/* Two-operand FP op with rounding mode M. */
#define OP2(insn, M)                                                                   \
  __asm__ volatile("fmv.w.x f0,%1\n\tfmv.w.x f1,%2\n\t" insn " f2,f0,f1," M "\n\t"      \
                   "fmv.x.w %0,f2"                                                      \
                   : "=r"(res) : "r"(a), "r"(b) : "f0", "f1", "f2")
#define OP2N(insn)                                                                     \
  __asm__ volatile("fmv.w.x f0,%1\n\tfmv.w.x f1,%2\n\t" insn " f2,f0,f1\n\t"            \
                   "fmv.x.w %0,f2"                                                      \
                   : "=r"(res) : "r"(a), "r"(b) : "f0", "f1", "f2")
#define CMP(insn)                                                                      \
  __asm__ volatile("fmv.w.x f0,%1\n\tfmv.w.x f1,%2\n\t" insn " %0,f0,f1"               \
                   : "=r"(res) : "r"(a), "r"(b) : "f0", "f1")
#define OP3(insn, M)                                                                   \
  __asm__ volatile("fmv.w.x f0,%1\n\tfmv.w.x f1,%2\n\tfmv.w.x f3,%3\n\t" insn           \
                   " f2,f0,f1,f3," M "\n\tfmv.x.w %0,f2"                                \
                   : "=r"(res) : "r"(a), "r"(b), "r"(c) : "f0", "f1", "f2", "f3")
#define SQRT(M)                                                                        \
  __asm__ volatile("fmv.w.x f0,%1\n\tfsqrt.s f2,f0," M "\n\tfmv.x.w %0,f2"             \
                   : "=r"(res) : "r"(a) : "f0", "f2")
#define F2I(insn, M)                                                                   \
  __asm__ volatile("fmv.w.x f0,%1\n\t" insn " %0,f0," M : "=r"(res) : "r"(a) : "f0")
#define I2F(insn, M)                                                                   \
  __asm__ volatile(insn " f2,%1," M "\n\tfmv.x.w %0,f2" : "=r"(res) : "r"(a) : "f2")

#define BY_RM(STMT)                                                                    \
  switch (rm) {                                                                        \
    case 0: STMT("rne"); break;                                                        \
    case 1: STMT("rtz"); break;                                                        \
    case 2: STMT("rdn"); break;                                                        \
    case 3: STMT("rup"); break;                                                        \
    default: STMT("rmm"); break;                                                       \
  }

#define ADD_(M) OP2("fadd.s", M)
#define SUB_(M) OP2("fsub.s", M)
#define MUL_(M) OP2("fmul.s", M)
#define DIV_(M) OP2("fdiv.s", M)
#define MADD_(M) OP3("fmadd.s", M)
#define MSUB_(M) OP3("fmsub.s", M)
#define NMSUB_(M) OP3("fnmsub.s", M)
#define NMADD_(M) OP3("fnmadd.s", M)
#define CVTWS_(M) F2I("fcvt.w.s", M)
#define CVTWUS_(M) F2I("fcvt.wu.s", M)
#define CVTSW_(M) I2F("fcvt.s.w", M)
#define CVTSWU_(M) I2F("fcvt.s.wu", M)

static u32 run_one(u32 op, u32 rm, u32 a, u32 b, u32 c, u32 *flags) {
  u32 res = 0, fl;
  __asm__ volatile("csrw fflags, zero");
  switch (op) {
    case OP_FADD: BY_RM(ADD_) break;
    case OP_FSUB: BY_RM(SUB_) break;
    case OP_FMUL: BY_RM(MUL_) break;
    case OP_FDIV: BY_RM(DIV_) break;
    case OP_FSQRT: BY_RM(SQRT) break;
    case OP_FMADD: BY_RM(MADD_) break;
    case OP_FMSUB: BY_RM(MSUB_) break;
    case OP_FNMSUB: BY_RM(NMSUB_) break;
    case OP_FNMADD: BY_RM(NMADD_) break;
    case OP_FMIN: OP2N("fmin.s"); break;
    case OP_FMAX: OP2N("fmax.s"); break;
    case OP_FEQ: CMP("feq.s"); break;
    case OP_FLT: CMP("flt.s"); break;
    case OP_FLE: CMP("fle.s"); break;
    case OP_FCLASS:
      __asm__ volatile("fmv.w.x f0,%1\n\tfclass.s %0,f0" : "=r"(res) : "r"(a) : "f0");
      break;
    case OP_FCVT_W_S: BY_RM(CVTWS_) break;
    case OP_FCVT_WU_S: BY_RM(CVTWUS_) break;
    case OP_FCVT_S_W: BY_RM(CVTSW_) break;
    case OP_FCVT_S_WU: BY_RM(CVTSWU_) break;
    default: res = 0xdeadbeef; break;
  }
  __asm__ volatile("csrr %0, fflags" : "=r"(fl));
  *flags = fl;
  return res;
}

int main(void) {
  for (;;) {
    int got = read_full((unsigned char *)in, sizeof in);
    int n = got / 20;
    if (n == 0) break;
    for (int i = 0; i < n; i++) {
      u32 *r = in + 5 * i;
      u32 fl;
      out[2 * i] = run_one(r[0], r[1], r[2], r[3], r[4], &fl);
      out[2 * i + 1] = fl;
    }
    write_full((const unsigned char *)out, n * 8);
    if (got < (int)sizeof in) break;
  }
  return 0;
}
