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

const SEEDS = Array.from({ length: 24 }, (_, i) => 1000 + i);

describe.skipIf(!haveGnu)('random programs: gpesim vs GNU as + ld', () => {
  it.each(SEEDS)('seed %i', (seed) => {
    const text = randomProgram(seed);
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
  });
});
