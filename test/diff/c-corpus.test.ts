// Differential test of the C corpus (test/diff/c/*.c): each program is compiled once with
// Debian's riscv64-unknown-elf-gcc for the GPE ISA, run on qemu-riscv32 (the reference) and on
// `gpesim run --harts 1`; stdout and exit code must be identical.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GCC, QEMU, compileC, firstDifference, mapLimit, missingTools, runQemu, tempDir, type ProcessResult } from './tools';
import { gpesimUnavailable, runGpesim } from './gpesim-runner';

const C_DIR = join(__dirname, 'c');
/** Every program: one .c file with main(), plus the shared start-up and print library. */
const PROGRAMS = readdirSync(C_DIR)
  .filter((f) => f.endsWith('.c') && f !== 'diff.c')
  .map((f) => f.slice(0, -2))
  .sort();

const missing = missingTools([GCC, QEMU]);
if (missing.length > 0) console.warn(`test/diff C corpus skipped: missing ${missing.join(', ')} (apt install gcc-riscv64-unknown-elf qemu-user)`);
const gpesimReason = gpesimUnavailable();
if (gpesimReason !== undefined) console.warn(`test/diff C corpus against gpesim skipped: ${gpesimReason}`);

const work = tempDir('gpesim-diff-c-');
const elfOf = (name: string) => join(work.dir, `${name}.elf`);
const qemuResults = new Map<string, ProcessResult>();
afterAll(() => work.remove());

describe.skipIf(missing.length > 0)('C corpus', () => {
  beforeAll(async () => {
    await mapLimit(PROGRAMS, 2, async (name) => {
      const source = join(C_DIR, `${name}.c`);
      // a program may ask for extra gcc flags with a `/* diff-flags: ... */` comment
      const flags = /\/\* diff-flags: (.*?) \*\//.exec(readFileSync(source, 'utf8'))?.[1]?.split(/\s+/) ?? [];
      await compileC([join(C_DIR, 'crt0.S'), join(C_DIR, 'diff.c'), source], elfOf(name), flags);
      qemuResults.set(name, await runQemu(elfOf(name)));
    });
  }, 180_000);

  it('has the programs the issue asks for', () => {
    expect(PROGRAMS).toEqual(expect.arrayContaining([
      'int_edge', 'int64', 'fp_arith', 'fp_fma', 'fp_unary', 'fp_cmp', 'fp_csr', 'fp_c', 'mem', 'recursion', 'funcptr',
      'atomics', 'smc',
    ]));
  });

  // The reference itself is checked against hand-computed values, so that a broken harness
  // (empty output, a crash on both sides) cannot pass as "identical".
  describe('on qemu-riscv32 (reference sanity)', () => {
    it.each(PROGRAMS)('%s runs to its exit syscall with output', (name) => {
      const r = qemuResults.get(name)!;
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBeLessThan(128);
      expect(r.stdout.length).toBeGreaterThan(100);
      expect(r.stdout.endsWith('\n')).toBe(true);
    });

    it('int_edge: division by zero and INT_MIN / -1 as the M spec says', () => {
      const out = qemuResults.get('int_edge')!.stdout;
      // x / 0 = -1, x % 0 = x; INT_MIN / -1 = INT_MIN, INT_MIN % -1 = 0; mulh(INT_MIN, -1) = 0.
      expect(out).toContain('12345678 00000000 | add=12345678 sub=12345678');
      expect(out).toMatch(/^12345678 00000000 \|.* div=ffffffff divu=ffffffff rem=12345678 remu=12345678$/m);
      expect(out).toMatch(/^80000000 ffffffff \|.* mulh=00000000 mulhsu=80000000 mulhu=7fffffff div=80000000 divu=00000000 rem=00000000 remu=80000000$/m);
      expect(out).toContain('shift 31 80000000 00000000 00000001 ffffffff');
      expect(out).toContain('imm -1 00000000 ffffffff 00000000 00000001 ffffffff ffffffff 00000000');
    });

    it('fp_arith / fp_fma: hand-computed roundings and flags', () => {
      const arith = qemuResults.get('fp_arith')!.stdout;
      // 1 + 2^-24 is a tie: rne and rtz and rdn give 1, rup 1+ulp, rmm away from zero; NX.
      expect(arith).toMatch(/^fadd\.s 3f800000 33800000 \| 3f800000:01 3f800000:01 3f800000:01 3f800001:01 3f800001:01 /m);
      // inf - inf: canonical NaN, NV.
      expect(arith).toMatch(/^fadd\.s 7f800000 ff800000 \| 7fc00000:10 7fc00000:10/m);
      // 1 / 0: inf, DZ.
      expect(arith).toMatch(/^fdiv\.s 3f800000 00000000 \| 7f800000:08 7f800000:08/m);
      // x - x is +0, except -0 when rounding down.
      expect(arith).toMatch(/^fsub\.s 3f800000 3f800000 \| 00000000:00 00000000:00 80000000:00 00000000:00 00000000:00 /m);
      // (1+u)(1-u') - 1 is exactly -2^-46 only when fused.
      expect(qemuResults.get('fp_fma')!.stdout).toMatch(/^fmadd\.s 3f800001 3f7ffffe bf800000 \| a8800000:00/m);
    });

    it('fp_unary / fp_cmp / fp_csr: conversions, comparisons and fcsr fields', () => {
      const unary = qemuResults.get('fp_unary')!.stdout;
      expect(unary).toMatch(/^fcvt\.w\.s 4f000000 \| 7fffffff:10/m); // 2^31 saturates, NV
      expect(unary).toMatch(/^fcvt\.w\.s cf000000 \| 80000000:00/m); // -2^31 is exact
      expect(unary).toMatch(/^fcvt\.wu\.s bf800000 \| 00000000:10/m); // -1 -> 0, NV
      expect(unary).toMatch(/^fcvt\.w\.s 3fc00000 \| 00000002:01 00000001:01 00000001:01 00000002:01 00000002:01 /m); // 1.5
      expect(unary).toContain('fclass.s 7f800001 | 00000100'); // signalling NaN
      expect(unary).toContain('fclass.s 80000001 | 00000004'); // negative subnormal
      const cmp = qemuResults.get('fp_cmp')!.stdout;
      expect(cmp).toMatch(/^00000000 80000000 \| fmin=80000000:00 fmax=00000000:00/m);
      expect(cmp).toMatch(/^7f800001 3f800000 \| fmin=3f800000:10 fmax=3f800000:10 .* feq=00000000:10 /m);
      expect(cmp).toMatch(/^7fc00000 3f800000 \| .* feq=00000000:00 flt=00000000:10 fle=00000000:10$/m);
      expect(qemuResults.get('fp_csr')!.stdout).toContain('rm 1 3eaaaaaa beaaaaaa 00000021');
    });
  });

  describe.skipIf(gpesimReason !== undefined)('on gpesim run --harts 1: same stdout and exit code as qemu-riscv32', () => {
    it.each(PROGRAMS)('%s', async (name) => {
      const expected = qemuResults.get(name)!;
      const actual = await runGpesim(elfOf(name), work.dir);
      const difference = firstDifference(expected.stdout, actual.stdout);
      expect(difference, `${name}.c: ${difference}\n  gpesim stderr: ${actual.stderr.slice(0, 2000)}`).toBeUndefined();
      expect(actual.exitCode, `${name}.c exit code (gpesim stderr: ${actual.stderr.slice(0, 2000)})`).toBe(expected.exitCode);
    });
  });
});
