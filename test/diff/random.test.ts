// Differential test with seeded random programs (test/diff/random-program.ts): each program is
// assembled and linked with GNU as/ld, run on qemu-riscv32 (the reference) and on
// `gpesim run --harts 1`; the register/memory dumps and the exit code must be identical.
//
// Reproduce a failure: GPESIM_DIFF_SEED=<seed> [GPESIM_DIFF_ONLY=<program index>] npx vitest run test/diff
// Scale it: GPESIM_DIFF_PROGRAMS=<count> (default 100), GPESIM_DIFF_SEQUENCES, GPESIM_DIFF_LENGTH.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS, LD, QEMU, assembleAndLink, firstDifference, link, mapLimit, missingTools, run, runQemu, tempDir, type ProcessResult } from './tools';
import { firstDivergence, parseGpesimTrace, parseQemuLog } from './divergence';
import { readElf } from '../../toolchain/elf/reader';
import { assemble } from '../../toolchain/asm/index';
import type { ElfSection } from '../../toolchain/elf/types';
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
afterAll(() => work.remove());
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
  }, 60_000 + 2_000 * INDICES.length); // generous: the CI machine may be shared

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
        const divergence = await locateDivergence(index, sequence).catch((e: unknown) => `(divergence search failed: ${String(e)})`);
        expect(difference, `${where}${difference}\nfirst divergent instruction in sequence ${sequence}: ${divergence}\ngpesim stderr: ${actual.stderr.slice(0, 2000)}`).toBeUndefined();
        expect(actual.exitCode, `${where}exit code; gpesim stderr: ${actual.stderr.slice(0, 2000)}`).toBe(expected.exitCode);
      }
    });
  });
});

/** Traces sequence `sequence` of program `index` on both emulators and names the first instruction where they part. */
async function locateDivergence(index: number, sequence: number): Promise<string> {
  const elf = readElf(new Uint8Array(readFileSync(elfOf(index))));
  const address = (name: string) => elf.symbols.find((s) => s.name === name)?.value;
  const from = address(`diff_seq_${sequence}`);
  const to = address(`diff_seq_${sequence}_end`);
  if (from === undefined || to === undefined) return `no symbols for sequence ${sequence}`;
  const log = join(work.dir, `p${index}.qemu.log`);
  const range = `0x${from.toString(16)}..0x${(to - 1).toString(16)}`;
  await run(QEMU, ['-singlestep', '-d', 'cpu,fpu,nochain', '-dfilter', range, '-D', log, elfOf(index)], 120_000);
  const trace = join(work.dir, `p${index}.trace`);
  await runGpesim(elfOf(index), work.dir, ['--trace', trace]);
  const found = firstDivergence(parseQemuLog(readFileSync(log, 'utf8')), parseGpesimTrace(readFileSync(trace, 'utf8'), from, to));
  return found ?? 'none in registers and control flow (the difference is in memory or fcsr)';
}

// Bonus check of our assembler (toolchain/asm) on the same text: the sections it lays out must
// be where GNU ld puts them and hold the same bytes. The bytes are compared against GNU ld
// relinked with our .data address, so that an encoding difference is reported on its own even
// when the layout differs.
const assembleOurs: typeof assemble | undefined = typeof assemble === 'function' ? assemble : undefined;
if (assembleOurs === undefined) console.warn('test/diff random programs through our assembler skipped: toolchain/asm has no assemble() yet');

const ASM_PROGRAMS = INDICES.slice(0, 40);

function sectionDifference(name: string, gnu: ElfSection | undefined, ours: ElfSection | undefined): string | undefined {
  if (gnu === undefined || ours === undefined) return `${name}: ${gnu === undefined ? 'missing in GNU output' : 'missing in ours'}`;
  if (gnu.size !== ours.size) return `${name}: size ${ours.size}, GNU ${gnu.size}`;
  for (let k = 0; k < gnu.data.length; k++) {
    if (gnu.data[k] !== ours.data[k]) {
      const at = k & ~3;
      const word = (d: Uint8Array) => ((d[at]! | (d[at + 1]! << 8) | (d[at + 2]! << 16) | (d[at + 3]! << 24)) >>> 0).toString(16).padStart(8, '0');
      return `${name}: first different byte at 0x${(gnu.address + k).toString(16)}: ours word ${word(ours.data)}, GNU ${word(gnu.data)}`;
    }
  }
  return undefined;
}

describe.skipIf(missing.length > 0 || assembleOurs === undefined)(`random programs through our assembler (first ${ASM_PROGRAMS.length})`, () => {
  const results = new Map<number, { layout: string[]; bytes: string[]; errors: string[] }>();
  beforeAll(async () => {
    await mapLimit(ASM_PROGRAMS, 2, async (index) => {
      const source = programs.get(index)?.source ?? generateProgram(programSeed(SEED, index), OPTIONS).source;
      const ours = assembleOurs!([{ path: `p${index}.s`, text: source }]);
      const errors = ours.diagnostics.filter((d) => d.severity === 'error').map((d) => `line ${d.location?.line}: ${d.text}`);
      const result = { layout: [] as string[], bytes: [] as string[], errors };
      results.set(index, result);
      if (!ours.image) {
        if (errors.length === 0) errors.push('no image and no error');
        return;
      }
      const gnu = readElf(new Uint8Array(readFileSync(elfOf(index))));
      const mine = (n: string) => ours.image!.sections.find((x) => x.name === n);
      for (const name of ['.text', '.data']) {
        const g = gnu.sections.find((x) => x.name === name);
        const o = mine(name);
        if (g && o && g.address !== o.address) result.layout.push(`${name} at 0x${o.address.toString(16)}, GNU ld 0x${g.address.toString(16)} (text ends 0x${((mine('.text')?.address ?? 0) + (mine('.text')?.size ?? 0)).toString(16)}, data size 0x${o.size.toString(16)})`);
      }
      let reference = gnu;
      const ourData = mine('.data');
      if (ourData && gnu.sections.find((x) => x.name === '.data')?.address !== ourData.address) {
        const relinked = join(work.dir, `p${index}-relinked.elf`);
        await link(join(work.dir, `p${index}.o`), relinked, ourData.address);
        reference = readElf(new Uint8Array(readFileSync(relinked)));
      }
      for (const name of ['.text', '.data']) {
        const d = sectionDifference(name, reference.sections.find((x) => x.name === name), mine(name));
        if (d !== undefined) result.bytes.push(d);
      }
    });
  }, 120_000);

  const report = (pick: (r: { layout: string[]; bytes: string[]; errors: string[] }) => string[]) => {
    const bad = ASM_PROGRAMS.filter((i) => pick(results.get(i)!).length > 0);
    return bad.length === 0 ? undefined : `${bad.length}/${ASM_PROGRAMS.length} programs (seed ${SEED}); first: program ${bad[0]}: ${pick(results.get(bad[0]!)!).join('; ')}`;
  };

  it('assembles every program without errors', () => {
    expect(report((r) => r.errors) ?? 'none').toBe('none');
  });
  it('lays out .text and .data at GNU ld\'s addresses', () => {
    expect(report((r) => r.layout) ?? 'none').toBe('none');
  });
  it('emits the same .text and .data bytes as GNU as + ld (at the same addresses)', () => {
    expect(report((r) => r.bytes) ?? 'none').toBe('none');
  });
});
