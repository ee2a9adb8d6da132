// Differential test with seeded random programs (test/diff/random-program.ts): each program is
// assembled and linked with GNU as/ld, run on qemu-riscv32 (the reference) and on
// `gpesim run --harts 1`; the register/memory dumps and the exit code must be identical.
//
// Reproduce a failure: GPESIM_DIFF_SEED=<seed> [GPESIM_DIFF_ONLY=<program index>] npx vitest run test/diff
// Scale it: GPESIM_DIFF_PROGRAMS=<count> (default 100), GPESIM_DIFF_SEQUENCES, GPESIM_DIFF_LENGTH.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS, LD, QEMU, assembleAndLink, firstDifference, mapLimit, missingTools, runQemu, tempDir, type ProcessResult } from './tools';
import { gpesimUnavailable, runGpesim } from './gpesim-runner';
import { LINES_PER_SEQUENCE, RANDOM_INSTRUCTIONS, generateProgram, programSeed, type GeneratedProgram } from './random-program';

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got '${raw}'`);
  return value;
}

const SEED = envInt('GPESIM_DIFF_SEED', 20261127);
const PROGRAMS = envInt('GPESIM_DIFF_PROGRAMS', 100);
const OPTIONS = { sequences: envInt('GPESIM_DIFF_SEQUENCES', 10), length: envInt('GPESIM_DIFF_LENGTH', 150) };
const ONLY = process.env.GPESIM_DIFF_ONLY === undefined ? undefined : envInt('GPESIM_DIFF_ONLY', 0);
const INDICES = ONLY === undefined ? Array.from({ length: PROGRAMS }, (_, i) => i) : [ONLY];

const missing = missingTools([AS, LD, QEMU]);
if (missing.length > 0) console.warn(`test/diff random programs skipped: missing ${missing.join(', ')} (apt install binutils-riscv64-unknown-elf qemu-user)`);
const gpesimReason = gpesimUnavailable();
if (gpesimReason !== undefined) console.warn(`test/diff random programs against gpesim skipped: ${gpesimReason}`);

const work = tempDir('gpesim-diff-random-');
const elfOf = (index: number) => join(work.dir, `p${index}.elf`);
const programs = new Map<number, GeneratedProgram>();
const qemuResults = new Map<number, ProcessResult>();

describe.skipIf(missing.length > 0)(`random programs (seed ${SEED}, ${INDICES.length} programs x ${OPTIONS.sequences} sequences x ${OPTIONS.length} items)`, () => {
  beforeAll(async () => {
    await mapLimit(INDICES, 2, async (index) => {
      const program = generateProgram(programSeed(SEED, index), OPTIONS);
      programs.set(index, program);
      const source = join(work.dir, `p${index}.s`);
      writeFileSync(source, program.source);
      await assembleAndLink(source, join(work.dir, `p${index}.o`), elfOf(index));
      qemuResults.set(index, await runQemu(elfOf(index)));
    });
  }, 120_000);
  afterAll(() => work.remove());

  it('generates the same text for the same seed', () => {
    const a = generateProgram(programSeed(SEED, 0), { sequences: 2, length: 50 });
    const b = generateProgram(programSeed(SEED, 0), { sequences: 2, length: 50 });
    const c = generateProgram(programSeed(SEED, 1), { sequences: 2, length: 50 });
    expect(a.source).toBe(b.source);
    expect(a.source).not.toBe(c.source);
  });

  it.skipIf(ONLY !== undefined)('uses every non-privileged instruction of the table except ecall/ebreak', () => {
    const used = new Set<string>();
    let total = 0;
    for (const p of programs.values()) {
      for (const m of p.mnemonics) used.add(m);
      total += p.randomInstructions;
    }
    const unused = RANDOM_INSTRUCTIONS.map((s) => s.mnemonic).filter((m) => !used.has(m));
    expect(unused).toEqual([]);
    console.log(`test/diff random programs: ${programs.size} programs, ${programs.size * OPTIONS.sequences} sequences, ${total} random instructions`);
  });

  it('every program runs to its exit on qemu-riscv32 and prints every sequence', () => {
    for (const index of INDICES) {
      const r = qemuResults.get(index)!;
      expect(r.stderr, `program ${index}`).toBe('');
      expect(r.exitCode, `program ${index}`).toBe(0);
      const lines = r.stdout.split('\n');
      expect(lines.length, `program ${index}`).toBe(OPTIONS.sequences * LINES_PER_SEQUENCE + 1);
      // x0 reads as zero whatever was written to it
      expect(lines.filter((l) => l.startsWith('x0 ')).every((l) => l === 'x0   00000000'), `program ${index}`).toBe(true);
    }
  });

  describe.skipIf(gpesimReason !== undefined)('on gpesim run --harts 1: same dumps and exit code as qemu-riscv32', () => {
    it.each(INDICES)('program %i', async (index) => {
      const expected = qemuResults.get(index)!;
      const actual = await runGpesim(elfOf(index), work.dir);
      const difference = firstDifference(expected.stdout, actual.stdout);
      if (difference !== undefined || actual.exitCode !== expected.exitCode) {
        const kept = join(tmpdir(), `gpesim-diff-seed${SEED}-program${index}.s`);
        writeFileSync(kept, programs.get(index)!.source);
        const line = difference === undefined ? 0 : Number(/line (\d+)/.exec(difference)?.[1] ?? 1);
        const sequence = Math.floor((line - 1) / LINES_PER_SEQUENCE);
        const where = `seed ${SEED}, program ${index}, sequence ${sequence} (source kept at ${kept})\n` +
          `reproduce: GPESIM_DIFF_SEED=${SEED} GPESIM_DIFF_ONLY=${index} npx vitest run test/diff/random.test.ts\n`;
        expect(difference, `${where}${difference}\ngpesim stderr: ${actual.stderr.slice(0, 2000)}`).toBeUndefined();
        expect(actual.exitCode, `${where}exit code; gpesim stderr: ${actual.stderr.slice(0, 2000)}`).toBe(expected.exitCode);
      }
    });
  });
});
