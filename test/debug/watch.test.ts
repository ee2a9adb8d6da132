// Read, write and access watchpoints (loads, stores of every size, AMOs), per-hart watchpoints,
// and `run N` cycles, on test/debug/programs/shared.s in lockstep (--quantum 1: the harts take
// turns one instruction at a time, so the order of the hits below is worked out by hand).
import { describe, expect, it } from 'vitest';
import { debugScript, hasGnu, programSource, section } from './helpers';

describe.skipIf(!hasGnu)('watchpoints', () => {
  it('rwatch stops after loads and AMOs (read-write) of the range', async () => {
    const { out } = await debugScript([programSource('shared'), '--harts', '2', '--quantum', '1'], [
      'rwatch counter', 'continue', 'continue', 'continue', 'continue', 'x/1d counter', 'continue',
    ]);
    expect(section(out, 'continue', 0)).toMatch(/^hart 0 \(tile 0 gpe 0\) hit watchpoint 1 \(counter\): read-write of 4 bytes at 0x[0-9a-f]{8} \(now 0x00000001\)\n  by 0x[0-9a-f]{8} <_start\+0xc>: +amoadd\.w t2,t1,\(t0\) +shared\.s:8/);
    expect(section(out, 'continue', 1)).toMatch(/^hart 1 \(tile 0 gpe 1\) hit watchpoint 1 \(counter\): read-write of 4 bytes at .* \(now 0x00000002\)/);
    expect(section(out, 'continue', 2)).toMatch(/^hart 0 \(tile 0 gpe 0\) hit watchpoint 1 \(counter\): read of 4 bytes .*\n  by .*lw t3,0\(t0\) +shared\.s:9/);
    expect(section(out, 'continue', 3)).toMatch(/^hart 1 \(tile 0 gpe 1\) hit watchpoint 1 \(counter\): read of 4 bytes/);
    expect(section(out, 'x/1d counter')).toMatch(/: 2\n$/);
    expect(section(out, 'continue', 4)).toMatch(/^every hart has exited/);
  });

  it('awatch sees a word load overlapping the range and the halfword store; watch only the store; per hart', async () => {
    const { out } = await debugScript([programSource('shared'), '--harts', '2', '--quantum', '1'], [
      'awatch table+6,2', 'continue', 'continue', 'continue', 'delete', 'watch table,8 hart 0', 'reverse-continue', 'x/2x table', 'continue', 'x/2x table',
    ]);
    // hart 1's lw t6, 0(t4) reads table+4..7, which overlaps table+6..7 (still 0: 0x22 is a word).
    expect(section(out, 'continue', 0)).toMatch(/^hart 1 \(tile 0 gpe 1\) hit watchpoint 1 \(table\+6,2\): read of 4 bytes at 0x[0-9a-f]+ \(now 0x0000\)\n  by .*lw t6,0\(t4\)/);
    expect(section(out, 'continue', 1)).toMatch(/^hart 1 \(tile 0 gpe 1\) hit watchpoint 1 \(table\+6,2\): write of 2 bytes .* \(now 0x0022\)\n  by .*sh t6,2\(t4\)/);
    expect(section(out, 'continue', 2)).toMatch(/^every hart has exited/);
    // From the end, back to the last write to table by hart 0 only (hart 1's later store is skipped):
    // in lockstep hart 1 has not stored yet at that point.
    expect(section(out, 'reverse-continue')).toMatch(/^hart 0 \(tile 0 gpe 0\) hit watchpoint 2 \(table,8\): write of 2 bytes .*\n  by .*sh t6,2\(t4\)/);
    expect(section(out, 'x/2x table', 0)).toMatch(/: 0x00110011 0x00000022\n$/);
    expect(section(out, 'continue', 3)).toMatch(/^every hart has exited/);
    expect(section(out, 'x/2x table', 1)).toMatch(/: 0x00110011 0x00220022\n$/);
  });

  it('run N advances the machine clock by N cycles (functional: one instruction each)', async () => {
    const { out } = await debugScript([programSource('shared'), '--harts', '2', '--quantum', '1'], ['run 5', 'info harts', 'run 3', 'info harts']);
    expect(section(out, 'info harts', 0)).toMatch(/machine clock 5 cycles, 10 instructions retired in all/);
    expect(section(out, 'info harts', 1)).toMatch(/machine clock 8 cycles, 16 instructions retired in all/);
  });
});
