// Scripted `gpesim debug` sessions with asserted output, and the engine's guarantees checked
// against independent runs: a reverse-step lands on the state a fresh run reaches at the same
// point, stepping to the end gives the same counts and cycles as an undisturbed run. Expected
// counts are worked out by hand from test/debug/programs/sum.s (objdump in the comments):
//   every hart: _start 3 (mv, auipc, jalr) + kernel 6 + loop 10 x 3 + 8 after the loop + bnez 1,
//   then hart 0 writes "done\n" (6) and every hart exits (3): hart 0 57 instructions, others 51.
//   results[h] = 10 + 9 + ... + 1 + h = 55 + h; the sw of sum.s:33 is hart h's 40th instruction.
import { describe, expect, it } from 'vitest';
import { DebugEngine } from '../../emulator/debug/engine';
import { runProgram } from '../../emulator/machine/functional';
import { defineConfig, withModes } from '../../emulator/machine/config';
import { buildReport, runTimed } from '../../emulator/machine/report';
import { debugScript, hasGnu, programImage, programSource, section } from './helpers';

const sym = (name: string): number => programImage('sum').symbols.find((s) => s.name === name)!.value >>> 0;

function snapshot(e: DebugEngine): unknown {
  return {
    harts: e.harts.map((h) => ({ pc: h.pc >>> 0, x: [...h.x.slice(0, 32)], f: [...h.f], instret: h.instret, state: h.state })),
    results: [...e.readMemory(sym('results'), 64)!],
    fresults: [...e.readMemory(sym('fresults'), 64)!],
    g: e.g,
  };
}

describe.skipIf(!hasGnu)('gpesim debug sessions', () => {
  it('breakpoints on several harts, a per-hart breakpoint on a source line, a watchpoint', async () => {
    const { out, err, status } = await debugScript(
      [programSource('sum'), '--harts', '4'],
      ['break kernel', 'break sum.s:33 hart 2', 'watch results+12', 'continue', 'continue', 'continue', 'continue', 'info harts', 'continue', 'continue', 'info breakpoints', 'x/4d results', 'quit'],
    );
    expect(err).toBe('');
    expect(status).toBe(0);
    expect(section(out, 'break kernel')).toMatch(/^Breakpoint 1 at 0x000100c8 <kernel> \(sum\.s:23\)/);
    expect(section(out, 'break sum.s:33 hart 2')).toMatch(/^Breakpoint 2 at 0x000100f0 <loop\+0x10> \(sum\.s:33\) on hart 2/);
    // Harts meet the breakpoint in the schedule's order (quantum 5000: hart 0 runs to its exit first).
    expect(section(out, 'continue', 0)).toMatch(/^hart 0 \(tile 0 gpe 0\) hit breakpoint 1 at 0x000100c8 <kernel>/);
    expect(section(out, 'continue', 1)).toMatch(/^done\nhart 1 \(tile 0 gpe 1\) hit breakpoint 1/);
    expect(section(out, 'continue', 2)).toMatch(/^hart 2 \(tile 0 gpe 2\) hit breakpoint 1/);
    expect(section(out, 'continue', 3)).toMatch(/^hart 2 \(tile 0 gpe 2\) hit breakpoint 2 at 0x000100f0/);
    expect(section(out, 'continue', 3)).toContain('=> 0x000100f0 <loop+0x10>:');
    const harts = section(out, 'info harts');
    expect(harts).toMatch(/0 +0 +0 +exited\(0\) .* 57 +57/);
    expect(harts).toMatch(/\* +2 +0 +2 +running +0x000100f0 <loop\+0x10> +40 +40/);
    // hart 3 hits kernel, then its sw to results+12 stops the watchpoint right after the store.
    expect(section(out, 'continue', 4)).toMatch(/^hart 3 \(tile 0 gpe 3\) hit breakpoint 1/);
    const w = section(out, 'continue', 5);
    expect(w).toMatch(/^hart 3 \(tile 0 gpe 3\) hit watchpoint 3 \(results\+12\): write of 4 bytes at 0x00011120 \(now 0x0000003a\)/);
    expect(w).toMatch(/by 0x000100f0 <loop\+0x10>: +sw t2,0\(t0\) +sum\.s:33/);
    expect(w).toContain('=> 0x000100f4 <loop+0x14>:');
    expect(section(out, 'info breakpoints')).toMatch(/1 +breakpoint +0x000100c8 <kernel> \(kernel\) +any +4/);
    expect(section(out, 'info breakpoints')).toMatch(/3 +watchpoint +0x00011120 <results\+0xc>,4 +any +1/);
    expect(section(out, 'x/4d results')).toBe('0x00011114 <results>: 55 56 57 58\n');
  });

  it('shows registers, FP registers as bits and floats, CSRs, memory, disassembly and source', async () => {
    const { out } = await debugScript(
      [programSource('sum'), '--harts', '2'],
      ['hart 1', 'until sum.s:35', 'regs', 'fregs', 'csr mhartid', 'csr instret', 'csr fcsr', 'x/2x results', 'x/2f fresults', 'x/s message', 'x/1b message', 'disasm loop 2', 'list', 'tile 0 gpe 0', 'csr bogus', 'frobnicate', 'x/2x 0xfffffff0', 'help watch'],
    );
    expect(section(out, 'hart 1')).toMatch(/^\[hart 1 \(tile 0 gpe 1\)\]\n=> 0x00010094 <_start>: +mv s0,a0 +sum\.s:7/);
    expect(section(out, 'until sum.s:35')).toContain('=> 0x000100f8 <loop+0x18>:');
    const regs = section(out, 'regs');
    expect(regs).toMatch(/t2 0x00000038/); // 55 + 1
    expect(regs).toMatch(/a0 0x00000001/);
    expect(section(out, 'fregs')).toMatch(/fa0 0x42600000 56 /);
    expect(section(out, 'csr mhartid')).toBe('mhartid = 0x00000001 (1)\n');
    expect(section(out, 'csr instret')).toBe('instret = 0x0000002a (42)\n'); // 3 + 6 + 30 + add, sw, fcvt
    expect(section(out, 'csr fcsr')).toBe('fcsr = 0x00000000 (0)\n');
    expect(section(out, 'x/2x results')).toBe('0x00011114 <results>: 0x00000037 0x00000038\n'); // hart 0 ran first
    expect(section(out, 'x/2f fresults')).toBe('0x00011214 <fresults>: 55 0\n'); // hart 1 has not reached its fsw
    // The nearest-symbol rule (emulator/machine/loader.ts) prefers ld's global __DATA_BEGIN__ here.
    expect(section(out, 'x/s message')).toMatch(/^0x0001110c <(message|__DATA_BEGIN__)>: "done\\n"\n$/);
    expect(section(out, 'x/1b message')).toMatch(/^0x0001110c <(message|__DATA_BEGIN__)>: 0x64\n$/);
    expect(section(out, 'disasm loop 2')).toMatch(/^ +0x000100e0 <loop>: +add t2,t2,t4 +sum\.s:29\n +0x000100e4 <loop\+0x4>: +add t4,t4,-1 +sum\.s:30\n$/);
    expect(section(out, 'list')).toMatch(/=> +35 +la +t3, fresults/);
    expect(section(out, 'tile 0 gpe 0')).toMatch(/^\[hart 0 \(tile 0 gpe 0\)\]/);
    expect(section(out, 'csr bogus')).toBe("error: unknown CSR 'bogus'\n");
    expect(section(out, 'frobnicate')).toBe("error: unknown command 'frobnicate' (try help)\n");
    expect(section(out, 'x/2x 0xfffffff0')).toMatch(/^error: cannot read 8 bytes at 0xfffffff0: outside memory/);
    expect(section(out, 'help watch')).toMatch(/^watch ADDR\|SYM\[,LEN\]/);
  });

  it('every command is documented in help', async () => {
    const { out } = await debugScript([programSource('sum')], ['help']);
    const help = section(out, 'help');
    for (const c of ['hart', 'tile', 'step', 'continue', 'until', 'run', 'break', 'tbreak', 'watch', 'rwatch', 'awatch', 'delete', 'info', 'regs', 'fregs', 'csr', 'x/NF', 'disasm', 'list', 'set', 'reverse-step', 'reverse-continue', 'help', 'quit']) {
      expect(help, c).toMatch(new RegExp(`\\n  ${c.replace('/', '\\/')}`));
    }
  });

  it('state changes take effect and are replayed after stepping back', async () => {
    // Stop hart 0 before `li t4, 10`'s loop starts, shorten the loop to 3 iterations: 3+2+1 = 6.
    const { out } = await debugScript(
      [programSource('sum')],
      ['until loop', 'set reg t4 ten', 'set mem results+4 1x', 'break loop if t4==two', 'set reg t4 3', 'set mem results+4 0x1234', 'set csr frm 2', 'csr frm', 'step 2', 'reverse-step 2', 'regs', 'continue', 'x/2x results', 'set csr mhartid 5'],
    );
    expect(section(out, 'set reg t4 ten')).toBe("error: value must be a number, got 'ten'\n");
    expect(section(out, 'set mem results+4 1x')).toBe("error: value must be a number, got '1x'\n");
    expect(section(out, 'break loop if t4==two')).toBe("error: condition value must be a number, got 'two'\n");
    expect(section(out, 'set reg t4 3')).toBe('t4 = 0x00000003\n');
    expect(section(out, 'csr frm')).toBe('frm = 0x00000002 (2)\n');
    expect(section(out, 'regs')).toMatch(/t4 0x00000003/);
    expect(section(out, 'continue')).toMatch(/^done\nevery hart has exited; hart 0 exit code 0/);
    expect(section(out, 'x/2x results')).toBe('0x00011114 <results>: 0x00000006 0x00001234\n');
    expect(section(out, 'set csr mhartid 5')).toMatch(/^error: CSR mhartid cannot be written/);
  });

  it('temporary and conditional breakpoints; reverse-continue walks back through the hits', async () => {
    const { out } = await debugScript(
      [programSource('sum'), '--harts', '4', '--quantum', '1'],
      ['tbreak kernel hart 3', 'break loop if t4==2', 'continue', 'continue', 'info breakpoints', 'continue', 'reverse-continue', 'reverse-continue', 'reverse-continue', 'info harts'],
    );
    // Lockstep: all four harts reach kernel together; the temporary one is on hart 3 only.
    expect(section(out, 'continue', 0)).toMatch(/^hart 3 \(tile 0 gpe 3\) hit temporary breakpoint 1 at 0x000100c8 <kernel>/);
    expect(section(out, 'continue', 1)).toMatch(/^hart 0 \(tile 0 gpe 0\) hit breakpoint 2 at 0x000100e0 <loop>/);
    expect(section(out, 'info breakpoints')).not.toMatch(/tbreak/);
    expect(section(out, 'continue', 2)).toMatch(/^hart 1 \(tile 0 gpe 1\) hit breakpoint 2/);
    expect(section(out, 'reverse-continue', 0)).toMatch(/^hart 0 \(tile 0 gpe 0\) hit breakpoint 2/);
    // The temporary breakpoint was deleted when hit, so it is not found again (as in gdb).
    expect(section(out, 'reverse-continue', 1)).toMatch(/^no earlier breakpoint or watchpoint hit: back at launch/);
    expect(section(out, 'reverse-continue', 2)).toMatch(/^no earlier breakpoint or watchpoint hit: back at launch/);
    expect(section(out, 'info harts')).toMatch(/0 instructions retired in all/);
  });
});

describe.skipIf(!hasGnu)('debug engine guarantees', () => {
  it('reverse-step lands exactly on the state a fresh run reaches at that point', () => {
    const image = programImage('sum');
    const a = new DebugEngine({ image, options: { harts: 4, quantum: 7 } });
    a.addBreakpoint(sym('loop'), { hart: 2 });
    expect(a.resume({ kind: 'continue' })).toMatchObject({ kind: 'breakpoint', hart: 2 });
    a.removePoint(a.points[0]!);
    a.resume(a.stepGoal(13, 2));
    a.writeX(1, 9, 0x777); // a change of state on another hart (s1: unused), to be replayed
    a.resume(a.stepGoal(9, 2));
    const at = snapshot(a);
    a.resume(a.stepGoal(6, 2));
    a.reverseStep(6, 2);
    expect(snapshot(a)).toEqual(at);

    const b = new DebugEngine({ image, options: { harts: 4, quantum: 7 } });
    b.addBreakpoint(sym('loop'), { hart: 2 });
    b.resume({ kind: 'continue' });
    b.removePoint(b.points[0]!);
    b.resume(b.stepGoal(13, 2));
    b.writeX(1, 9, 0x777);
    b.resume(b.stepGoal(9, 2));
    expect(snapshot(b)).toEqual(at);
    expect(a.hart(1).x[9]).toBe(0x777);
  });

  it('a functional session stepped and stopped all the way gives gpesim run\'s counts', () => {
    const image = programImage('sum');
    const run = runProgram(image, { harts: 8, quantum: 5 });
    const e = new DebugEngine({ image, options: { harts: 8, quantum: 5 } });
    e.addBreakpoint(sym('loop'));
    e.addWatchpoint(sym('results'), 32, 'write');
    let stops = 0;
    for (;;) {
      const s = e.resume(stops % 3 === 0 ? e.stepAllGoal(2) : { kind: 'continue' });
      if (s!.kind === 'exited') break;
      stops++;
    }
    expect(stops).toBeGreaterThan(8 * 10);
    expect(e.harts.map((h) => h.instret)).toEqual(run.harts.map((h) => h.instructions));
    expect(e.g).toBe(run.instructions);
  });

  for (const modes of ['SS', 'PP'] as const) {
    it(`a timed session (${modes}) stepped to the end has gpesim run's cycles and statistics; reverse-step restores time`, () => {
      const image = programImage('sum');
      const config = withModes(defineConfig(), modes);
      const reference = runTimed(image, { config, harts: 16 });
      const e = new DebugEngine({ image, options: { harts: 16 }, config });
      e.addBreakpoint(sym('kernel'));
      e.addWatchpoint(sym('fresults'), 64, 'access');
      let stop = e.resume({ kind: 'continue' });
      const firstStop = { g: e.g, time: [...e.m.timed!.time], timings: e.m.timed!.gpeTimings() };
      expect(firstStop.g).toBe(16 * 3); // lockstep: every hart ran its 3 instructions of _start
      e.removePoint(e.points[0]!);
      stop = e.resume(e.stepGoal(20, 0));
      expect(stop).toEqual({ kind: 'step', hart: 0 });
      e.reverseStep(20, 0);
      expect({ g: e.g, time: [...e.m.timed!.time], timings: e.m.timed!.gpeTimings() }).toEqual(firstStop);
      e.addBreakpoint(sym('kernel'));
      let stops = 0;
      while (stop === null || stop.kind !== 'exited') {
        stop = e.resume({ kind: 'continue' });
        stops++;
      }
      expect(stops).toBeGreaterThan(16); // the watchpoint on every fsw, ...
      const report = buildReport(e.m.timed!, 'sum', modes, 0, null, [], 0);
      expect(report.cycles).toBe(reference.report.cycles);
      expect(report.gpes).toEqual(reference.report.gpes);
      expect(report.l1).toEqual(reference.report.l1);
      expect(report.l2).toEqual(reference.report.l2);
      expect(report.instructionsByClass).toEqual(reference.report.instructionsByClass);
    });
  }

  it('info cache shows the banks of the timed machine', async () => {
    const { out } = await debugScript(
      [programSource('sum'), '--harts', '4', '--modes', 'PP'],
      ['info cache', 'break sum.s:34 hart 1', 'continue', 'info cache', 'info cache l1 1', 'info harts', 'run 50', 'info cache l3'],
    );
    expect(out).toMatch(/on 4 harts, timed machine \(L1 private, L2 private\)/);
    expect(section(out, 'info cache', 0)).toMatch(/modes: L1 private, L2 private; line 64 bytes\nno cache bank has been used yet/);
    const banks = section(out, 'info cache', 1);
    expect(banks).toMatch(/bank +valid +dirty +reads +writes +hits +misses/);
    // hart 1's store to results+4 missed in its private L1 bank 1 and left the line dirty.
    const bank1 = section(out, 'info cache l1 1');
    expect(bank1).toMatch(/line 0x00011100 <__DATA_BEGIN__-0xc>|line 0x00011100/);
    expect(bank1).toMatch(/dirty/);
    expect(section(out, 'info harts')).toMatch(/busy +mem-stall +exec-stall/);
    expect(section(out, 'info cache l3')).toMatch(/^error: info cache: level must be l1 or l2/);
  });
});
