// `gpesim experiment` and `gpesim verify` through the command layer, on tiny setups: table
// shape, internal consistency (energy = power x time, GOPS/W from instructions, breakdown sums
// to the row), JSON/CSV/SVG outputs, exit codes and error messages.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../emulator/cli/main';
import type { ExperimentResult } from '../../kernels/experiments/index';

async function cli(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTty: false, cwd });
  return { code, out, err };
}

describe('gpesim experiment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gpesim-exp-'));

  it('fc-small: one row per configuration, consistent figures, JSON and CSV', async () => {
    const r = await cli(['experiment', 'fc-small', '--json', 'fc.json', '--csv', 'fc.csv'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/## fc-small: Fully connected 10 x 128/);
    expect(r.out).toMatch(/time \(ms\)\s+power \(W\)\s+GOPS\/W\s+GFLOPS\/W/);
    const json = JSON.parse(readFileSync(join(dir, 'fc.json'), 'utf8')) as { results: ExperimentResult[] };
    const rows = json.results[0]!.rows;
    expect(rows.map((x) => x.config)).toEqual(['SS', 'SP', 'PS', 'PP']);
    for (const row of rows) {
      expect(row.verified).toBe(true);
      expect(row.macs).toBe(1280);
      expect(row.cycles).toBe(row.kernelCycles + row.writebackCycles + row.reconfigCycles);
      expect(row.timeMs).toBeCloseTo(row.cycles / 1e6, 12);
      // energy (uJ) = power (W) x time (ms) x 1000
      expect(row.energyUj).toBeCloseTo(row.powerW * row.timeMs * 1e3, 6);
      const gops = row.instructions / (row.timeMs * 1e-3) / 1e9;
      expect(row.gopsPerW).toBeCloseTo(gops / row.powerW, 6);
      expect(row.gflopsPerW).toBeCloseTo((2 * row.macs) / (row.timeMs * 1e-3) / 1e9 / row.powerW, 6);
      expect(row.utilization).toBeGreaterThan(0);
      expect(row.utilization).toBeLessThan(1);
      expect(row.l1HitRate).toBeGreaterThan(0);
    }
    // Private L1 has no L1 bank conflicts (one bank per GPE).
    expect(rows.filter((x) => x.config[0] === 'P').every((x) => x.l1Conflicts === 0)).toBe(true);
    const csv = readFileSync(join(dir, 'fc.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(5);
    expect(csv[0]!.split(',').slice(0, 4)).toEqual(['experiment', 'setup', 'config', 'timeMs']);
    expect(csv[1]!.startsWith('fc-small,10x128,SS,')).toBe(true);
  });

  it('awd-lstm reduced: optimal row, per-kernel breakdown summing to the rows, SVG chart', async () => {
    const r = await cli(['experiment', 'awd-lstm', '--size', 'reduced', '--modes', 'SS,PP', '--json', 'l.json', '--chart', 'l.svg'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/REDUCED/);
    expect(r.out).toMatch(/Optimal plan \(awd-lstm\)/);
    const res = (JSON.parse(readFileSync(join(dir, 'l.json'), 'utf8')) as { results: ExperimentResult[] }).results[0]!;
    expect(res.rows.map((x) => x.config)).toEqual(['SS', 'PP', 'optimal']);
    for (const row of res.rows) {
      const bars = res.breakdown.filter((b) => b.config === row.config);
      expect(bars.map((b) => b.group)).toEqual(['lstm1', 'lstm2', 'lstm3']);
      expect(bars.reduce((s, b) => s + b.cycles, 0)).toBeCloseTo(row.cycles, 6);
      expect(row.verified).toBe(true);
    }
    const best = Math.min(...res.rows.filter((x) => x.config !== 'optimal').map((x) => x.cycles));
    // Measured, so allow the switch cost of the plan plus cache effects of different neighbours.
    expect(res.rows[2]!.cycles).toBeLessThanOrEqual(best * 1.05);
    const svg = readFileSync(join(dir, 'l.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('lstm2');
  });

  it('rejects unknown ids and bad options with a message', async () => {
    const r = await cli(['experiment', 'vgg'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown experiment 'vgg'/);
    const s = await cli(['experiment', 'resnet', '--size', 'huge'], dir);
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/--size expects full or reduced/);
  });
});

describe('gpesim verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gpesim-verify-'));

  it('passes on a kernel and reports speed figures', async () => {
    const r = await cli(['verify', 'conv2d', '--modes', 'PP', '--shape', 'batch=1,h=9,w=10', '--json', 'v.json'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/PP: PASS/);
    expect(r.out).toMatch(/0 differ/);
    expect(r.out).toMatch(/MACs\/cycle\/GPE \(single-issue limit 1\)/);
    const j = JSON.parse(readFileSync(join(dir, 'v.json'), 'utf8')) as { results: { macs: number; cycles: number; pass: boolean }[] };
    // batch 1, 3 -> 4 channels, 9x10 output, 3x3 taps inside the input: (7*3+2*2) rows x (8*3+2*2) cols.
    expect(j.results[0]!.macs).toBe(4 * 3 * (7 * 3 + 2 * 2) * (8 * 3 + 2 * 2));
    expect(j.results[0]!.pass).toBe(true);
  });

  it('rejects shapes that do not fit before running anything', async () => {
    const r = await cli(['verify', 'conv2d', '--shape', 'h=3,w=3,k=5,pad=0'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/conv2d: window 5 is larger than the padded input/);
    expect(r.out).toBe('');
    const z = await cli(['verify', 'fc', '--shape', 'outFeatures=0'], dir);
    expect(z.code).toBe(2);
    expect(z.err).toMatch(/outFeatures/);
    const m = await cli(['verify', 'fc', '--shape', 'inFeatures=30000,outFeatures=30000', '--functional'], dir);
    expect(m.code).toBe(2);
    expect(m.err).toMatch(/do not fit in emulated memory/);
    const k = await cli(['verify', 'conv3d'], dir);
    expect(k.code).toBe(2);
    expect(k.err).toMatch(/unknown kernel 'conv3d'/);
  });

  it("checks a user's variant: a wrong relu fails with the first mismatches, a right one passes", async () => {
    // Worker 0 copies x to y: wrong for negative inputs.
    writeFileSync(join(dir, 'copy.s'), [
      '  .text', '  .globl kernel_relu', 'kernel_relu:', '  bnez a1, 2f', '  lw t0, 0(a0)', '  lw t1, 4(a0)', '  lw t2, 8(a0)',
      '1:', '  beqz t2, 2f', '  flw ft0, 0(t0)', '  fsw ft0, 0(t1)', '  addi t0, t0, 4', '  addi t1, t1, 4', '  addi t2, t2, -1', '  j 1b', '2:', '  ret', '',
    ].join('\n'));
    const bad = await cli(['verify', '--source', 'copy.s', '--as', 'relu', '--modes', 'SS', '--shape', 'count=40'], dir);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/SS: FAIL/);
    expect(bad.out).toMatch(/\[\d+\] got -0\.\d+ want 0/);
    writeFileSync(join(dir, 'mine.s'), readFileSync(join(__dirname, '../../kernels/elementwise.s'), 'utf8'));
    const good = await cli(['verify', '--source', 'mine.s', '--as', 'relu', '--modes', 'SS', '--shape', 'count=40'], dir);
    expect(good.code).toBe(0);
    const broken = await cli(['verify', '--source', 'copy.s', '--as', 'add', '--functional'], dir);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/does not define kernel_add/);
  });
});
