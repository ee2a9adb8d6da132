import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import arg from 'arg';
import type { CommandIo } from '../../emulator/cli/command';
import { runTimedCli, resolveMachineConfig, TIMED_RUN_FLAGS } from '../../emulator/cli/timed-run';
import { hasGnu, program } from './build';

function io(cwd: string): { out: string[]; err: string[]; io: CommandIo } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTty: false, cwd } };
}

describe('timed run for the CLI', () => {
  it('TIMED_RUN_FLAGS is an arg spec: repeated --set collects', () => {
    const a = arg({ '--harts': String, ...TIMED_RUN_FLAGS }, { argv: ['--set', 'l1.ways=8', '--set', 'dram.latency=1', '--modes', 'all', '--functional'] });
    expect(a['--set']).toEqual(['l1.ways=8', 'dram.latency=1']);
    expect(a['--modes']).toBe('all');
    expect(a['--functional']).toBe(true);
  });

  it('resolves modes from --modes or --l1/--l2 and rejects bad flags with the key named', () => {
    expect(resolveMachineConfig({ modes: 'all' }, '.').modes).toEqual(['SS', 'SP', 'PS', 'PP']);
    const r = resolveMachineConfig({ l1: 'private', set: ['l2.ways=8'] }, '.');
    expect(r.modes).toEqual(['PS']);
    expect(r.config.l2.ways).toBe(8);
    expect(() => resolveMachineConfig({ modes: 'SS', l1: 'private' }, '.')).toThrow(/--modes/);
    expect(() => resolveMachineConfig({ l2: 'both' }, '.')).toThrow(/--l2/);
  });

  it.skipIf(!hasGnu)('--modes all prints four columns; --json and --csv write files; bad --set exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gpesim-cli-'));
    const t = io(dir);
    const code = runTimedCli(program('conflict'), { program: 'conflict.s', harts: 64, modes: 'all', jsonFile: 'r.json', csvFile: 'r.csv', stats: true, flops: 131072 }, t.io);
    expect(code).toBe(0);
    const table = t.out.join('');
    expect(table).toMatch(/^\s+SS\*?\s+SP\*?\s+PS\*?\s+PP\*?/m);
    expect(table).toContain('shortest time');
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).runs).toHaveLength(4);
    expect(readFileSync(join(dir, 'r.csv'), 'utf8').trim().split('\n')).toHaveLength(5);
    expect(t.err.join('')).toContain('GFLOPS/W');
    const bad = io(dir);
    expect(runTimedCli(program('conflict'), { program: 'x', set: ['l1.ways=0'] }, bad.io)).toBe(2);
    expect(bad.err.join('')).toBe('gpesim run: config: l1.ways: must be at least 1 (got 0)\n');
  });
});

describe.skipIf(!hasGnu)('--engine on the timed machine', () => {
  it('jit (timed blocks, the default) and interp write the same JSON report in all four modes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gpesim-engine-'));
    const reports = (['interp', 'jit'] as const).map((engine) => {
      const t = io(dir);
      expect(runTimedCli(program('reuse'), { program: 'reuse.s', harts: 64, modes: 'all', engine, jsonFile: `${engine}.json` }, t.io)).toBe(0);
      return JSON.parse(readFileSync(join(dir, `${engine}.json`), 'utf8'));
    });
    expect(reports[0].runs).toHaveLength(4);
    expect(reports[1]).toEqual(reports[0]);
  });
});

describe.skipIf(!hasGnu)('--timeline', () => {
  it('writes a Chrome trace: the hand-timed program as running / memory stall / running', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gpesim-timeline-'));
    const t = io(dir);
    expect(runTimedCli(program('straight'), { program: 'straight.s', modes: 'PP', timelineFile: 't.json' }, t.io)).toBe(0);
    const trace = JSON.parse(readFileSync(join(dir, 't.json'), 'utf8'));
    const spans = trace.traceEvents.filter((e: { ph: string }) => e.ph === 'X').map((e: { name: string; ts: number; dur: number }) => [e.name, Math.round(e.ts * 1000), Math.round(e.dur * 1000)]);
    // 133 cycles (see timed.test.ts): the cold miss stalls 3..118; the 2-cycle stalls stay inside.
    expect(spans).toEqual([
      ['running', 0, 3],
      ['memory stall', 3, 115],
      ['running', 118, 15],
    ]);
    expect(trace.traceEvents.some((e: { name: string }) => e.name === 'launch')).toBe(true);
    expect(trace.traceEvents.find((e: { name: string }) => e.name === 'thread_name').args.name).toBe('hart 0 (tile 0, GPE 0)');
  });
});
