// Differential: seeded random programs (instruction and pseudo mixes, labels, branches across
// the +-4 KiB reach with padding near the boundary, alignment, data, several sections) assembled
// by gpesim and by GNU as + ld must give identical sections. Complements the hand-written corpus.
import { describe, expect, it } from 'vitest';
import { assemble } from '../../toolchain/asm/index';
import { formatDiagnostic } from '../../toolchain/diagnostics';
import { GNU_AS, GNU_LD, gnuBuild, hasTool, readAllocSections } from './gnu';
import { randomProgram } from './rpgen';

const haveGnu = hasTool(GNU_AS) && hasTool(GNU_LD);
if (!haveGnu) console.warn(`asm random-program interop: SKIPPED, ${GNU_AS}/${GNU_LD} not installed`);

// Few labels make long distances (branches near the reach, a data segment that ld moves to a page
// boundary); many labels make short ones.
const SEEDS = Array.from({ length: 32 }, (_, i) => 1000 + i);
const labelsFor = (seed: number) => (seed % 2 === 0 ? 8 : 24);

describe.skipIf(!haveGnu)('random programs: gpesim vs GNU as + ld', () => {
  it.each(SEEDS)('seed %i', (seed) => {
    const text = randomProgram(seed, labelsFor(seed));
    const mine = assemble([{ path: `r${seed}.s`, text }]);
    expect(mine.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
    const gnu = gnuBuild([{ path: `r${seed}.s`, text }]);
    expect(gnu.error).toBeUndefined();
    const theirs = readAllocSections(gnu.elf!);
    expect(mine.image!.sections.map((s) => [s.name, s.address, s.size])).toEqual(theirs.map((s) => [s.name, s.address, s.size]));
    for (const t of theirs) {
      const m = mine.image!.sections.find((s) => s.name === t.name)!;
      if (!t.nobits) expect(Buffer.from(m.data).equals(Buffer.from(t.data)), `${t.name} differs`).toBe(true);
    }
    // The ELF file carries the same sections (the writer keeps our addresses).
    const back = readAllocSections(mine.elf!);
    expect(back.map((s) => [s.name, s.address, s.size])).toEqual(theirs.map((s) => [s.name, s.address, s.size]));
  });
});
