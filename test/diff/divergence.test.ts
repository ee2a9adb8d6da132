// Step-by-step comparison of gpesim against qemu-riscv32: every instruction of a few random
// sequences, register by register (qemu single-stepped with its CPU log, gpesim with --trace).
// Stronger than the end-of-sequence dumps (an error that a later instruction overwrites still
// shows), and the same machinery names the first divergent instruction when random.test.ts fails;
// the tampered-trace cases check that it does.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readElf } from '../../toolchain/elf/reader';
import { AS, LD, QEMU, assembleAndLink, missingTools, run, tempDir } from './tools';
import { gpesimUnavailable, runGpesim } from './gpesim-runner';
import { firstDivergence, parseGpesimTrace, parseQemuLog, type GpesimStep, type QemuState } from './divergence';
import { generateProgram, programSeed } from './random-program';

const missing = missingTools([AS, LD, QEMU]);
const gpesimReason = gpesimUnavailable();
if (missing.length > 0) console.warn(`test/diff step-by-step comparison skipped: missing ${missing.join(', ')}`);
else if (gpesimReason !== undefined) console.warn(`test/diff step-by-step comparison skipped: ${gpesimReason}`);

// Widen with GPESIM_DIFF_STEP_SEED / GPESIM_DIFF_STEP_PROGRAMS (qemu's log is ~1.5 KB per step).
const SEED = Number(process.env.GPESIM_DIFF_STEP_SEED ?? 0x5eed) >>> 0;
const PROGRAMS = Array.from({ length: Math.max(1, Number(process.env.GPESIM_DIFF_STEP_PROGRAMS ?? 4) | 0) }, (_, i) => i);
const OPTIONS = { sequences: 3, length: 200 };
const work = tempDir('gpesim-diff-steps-');
afterAll(() => work.remove());

const runs = new Map<number, { qemu: QemuState[]; gpesim: GpesimStep[] }[]>();

describe.skipIf(missing.length > 0 || gpesimReason !== undefined)('step-by-step registers, gpesim against qemu-riscv32', () => {
  beforeAll(async () => {
    for (const index of PROGRAMS) {
      const source = join(work.dir, `p${index}.s`);
      const elf = join(work.dir, `p${index}.elf`);
      writeFileSync(source, generateProgram(programSeed(SEED, index), OPTIONS).source);
      await assembleAndLink(source, join(work.dir, `p${index}.o`), elf);
      const symbols = readElf(new Uint8Array(readFileSync(elf))).symbols;
      const trace = join(work.dir, `p${index}.trace`);
      await runGpesim(elf, work.dir, ['--trace', trace]);
      const traceText = readFileSync(trace, 'utf8');
      const perSequence: { qemu: QemuState[]; gpesim: GpesimStep[] }[] = [];
      for (let s = 0; s < OPTIONS.sequences; s++) {
        const from = symbols.find((x) => x.name === `diff_seq_${s}`)!.value;
        const to = symbols.find((x) => x.name === `diff_seq_${s}_end`)!.value;
        const log = join(work.dir, `p${index}-${s}.log`);
        await run(QEMU, ['-singlestep', '-d', 'cpu,fpu,nochain', '-dfilter', `0x${from.toString(16)}..0x${(to - 1).toString(16)}`, '-D', log, elf]);
        perSequence.push({ qemu: parseQemuLog(readFileSync(log, 'utf8')), gpesim: parseGpesimTrace(traceText, from, to) });
      }
      runs.set(index, perSequence);
    }
  }, 60_000 + 15_000 * PROGRAMS.length);

  it.each(PROGRAMS)(`program %i (seed ${SEED}): every instruction writes the same registers`, (index) => {
    for (const [s, r] of runs.get(index)!.entries()) {
      expect(r.qemu.length, `sequence ${s}`).toBeGreaterThan(100);
      expect(firstDivergence(r.qemu, r.gpesim), `program ${index} sequence ${s}`).toBeUndefined();
    }
  });

  it('names the instruction when a written value differs', () => {
    const { qemu, gpesim } = runs.get(0)![0]!;
    const k = gpesim.findIndex((g, i) => i > 20 && g.writes.some((w) => w.reg !== 0));
    const tampered = gpesim.map((g, i) => (i === k ? { ...g, writes: g.writes.map((w) => ({ ...w, value: (w.value ^ 1) >>> 0 })) } : g));
    const found = firstDivergence(qemu, tampered);
    expect(found).toContain(`step ${k}: ${gpesim[k]!.line}`);
    expect(found).toMatch(/gpesim [0-9a-f]{8}, qemu [0-9a-f]{8}/);
  });

  it('names the instruction when a write is missing or control flow differs', () => {
    const { qemu, gpesim } = runs.get(0)![0]!;
    const k = gpesim.findIndex((g, i) => i > 20 && g.writes.some((w) => w.reg !== 0 && qemu[i]!.regs[w.reg] !== w.value));
    const dropped = gpesim.map((g, i) => (i === k ? { ...g, writes: [] } : g));
    expect(firstDivergence(qemu, dropped)).toContain(`step ${k}:`);
    expect(firstDivergence(qemu, dropped)).toContain('gpesim did not write it');
    const jumped = gpesim.map((g, i) => (i === k ? { ...g, pc: g.pc + 4 } : g));
    expect(firstDivergence(qemu, jumped)).toContain(`step ${k}: after ${gpesim[k - 1]!.line}`);
  });
});
