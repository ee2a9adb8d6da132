// What the timed-engine tests compare: a program assembled by our assembler, run on a fresh timed
// machine, and everything the machine reports plus the harts' architectural state.
import { expect } from 'vitest';
import { assemble } from '../../toolchain/asm/index';
import { formatDiagnostic } from '../../toolchain/diagnostics';
import { readElf } from '../../toolchain/elf/reader';
import type { ElfImage } from '../../toolchain/elf/types';
import { TimedMachine } from '../../emulator/machine/timed';
import type { MachineConfig } from '../../emulator/machine/config';

/** Assembles one source file (no diagnostics expected). */
export function image(source: string, name: string): ElfImage {
  const asm = assemble([{ path: name, text: source }]);
  expect(asm.diagnostics.map(formatDiagnostic)).toEqual([]);
  return readElf(asm.elf!);
}

/** Everything the timed machine reports, plus the harts' architectural state. */
export function snapshot(m: TimedMachine) {
  const banks = [...m.memsys.l1, ...m.memsys.l2].map((b) => [b.name, b.reads, b.writes, b.hits, b.misses, b.writebacks, b.conflicts, b.waitCycles, b.mshrWaitCycles, b.bytes]);
  return {
    cycles: m.cycles,
    instructions: m.instructions,
    gpes: m.gpeTimings(),
    mix: m.instructionMix(),
    banks,
    memory: [m.memsys.memory.lineReads, m.memsys.memory.lineWrites, m.memsys.memory.queueCycles, m.memsys.l1XbarTraversals, m.memsys.l2XbarTraversals, m.memsys.atomics],
    stale: m.memsys.stale?.count ?? -1,
    harts: m.harts.map((h) => ({ pc: h.pc >>> 0, x: Array.from(h.x), f: Array.from(h.f), state: h.state, exit: h.exitValue, trap: h.trap?.text ?? null, instret: h.instret })),
  };
}

/** Runs `img` on a fresh timed machine with `engine` (asserted in use) and snapshots it. */
export function runTimed(img: ElfImage, config: MachineConfig, harts: number, engine: 'interp' | 'jit', maxInstructions = 20_000_000, maxCycles = Infinity) {
  const m = new TimedMachine(img, { config, harts, engine, stdout: () => {}, stderr: () => {} });
  expect(m.engine).toBe(engine);
  const r = m.run(maxInstructions, maxCycles);
  return { stopped: r.stopped, fault: r.fault?.index ?? -1, snap: snapshot(m) };
}
