// INTEROP: the corpus assembled by gpesim and by GNU as + ld (binutils 2.40, -mno-relax, default
// linker script) must give the same allocated sections at the same addresses with the same bytes.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../toolchain/asm/index';
import { formatDiagnostic } from '../../toolchain/diagnostics';
import { INSTRUCTIONS } from '../../toolchain/isa/instructions';
import { GNU_AS, GNU_LD, gnuBuild, hasTool, readAllocSections } from './gnu';

const CORPUS = join(__dirname, 'corpus');
const KERNELS = join(__dirname, '..', '..', 'kernels');
const haveGnu = hasTool(GNU_AS) && hasTool(GNU_LD);
if (!haveGnu) console.warn(`asm interop: SKIPPED, ${GNU_AS}/${GNU_LD} not installed`);

const read = (p: string) => ({ path: p, text: readFileSync(p, 'utf8') });
const GROUPS: { name: string; files: string[] }[] = [
  { name: 'instructions', files: ['instructions.s'] },
  { name: 'pseudo', files: ['pseudo.s'] },
  { name: 'directives', files: ['directives.s'] },
  { name: 'macros', files: ['macros.s'] },
  { name: 'relocs', files: ['relocs.s'] },
  { name: 'edge', files: ['edge.s'] },
  { name: 'gcc output', files: ['gcc_output.s'] },
  { name: 'weak', files: ['weak_a.s', 'weak_b.s'] },
  { name: 'multi', files: ['multi_a.s', 'multi_b.s'] },
].map((g) => ({ ...g, files: g.files.map((f) => join(CORPUS, f)) }));
const kernelFiles = ['launch.s', 'conv2d.s', 'elementwise.s', 'fc.s', 'math.s', 'pool.s'].map((f) => join(KERNELS, f));
if (kernelFiles.every((f) => existsSync(f))) GROUPS.push({ name: 'kernels', files: kernelFiles });

function ours(files: string[]) {
  return assemble(files.map(read), {
    readFile: (p, from) => {
      const full = resolve(dirname(from), p);
      return existsSync(full) ? read(full) : undefined;
    },
  });
}

describe.skipIf(!haveGnu)('assembler interop with GNU as + ld', () => {
  it.each(GROUPS.map((g) => [g.name, g] as const))('%s: identical sections', (_name, group) => {
    const mine = ours(group.files);
    const errors = mine.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map(formatDiagnostic)).toEqual([]);
    const gnu = gnuBuild(group.files.map(read), [CORPUS]);
    expect(gnu.error).toBeUndefined();
    const theirs = readAllocSections(gnu.elf!);
    const mineSections = mine.image!.sections;
    expect(mineSections.map((s) => s.name)).toEqual(theirs.map((s) => s.name));
    for (const t of theirs) {
      const m = mineSections.find((s) => s.name === t.name)!;
      expect({ name: t.name, address: m.address, size: m.size }).toEqual({ name: t.name, address: t.address, size: t.size });
      if (!t.nobits) expect(Buffer.from(m.data).toString('hex')).toBe(Buffer.from(t.data).toString('hex'));
    }
    // Our own ELF (from the shared writer) carries the same loaded bytes.
    expect(mine.elf).toBeDefined();
    const back = readAllocSections(mine.elf!);
    for (const t of theirs) {
      const b = back.find((s) => s.name === t.name)!;
      expect(b.address).toBe(t.address);
      if (!t.nobits) expect(Buffer.from(b.data).toString('hex')).toBe(Buffer.from(t.data).toString('hex'));
    }
  });

  it('the corpus uses every instruction of the table', () => {
    const text = readFileSync(join(CORPUS, 'instructions.s'), 'utf8');
    const used = new Set(text.split('\n').map((l) => l.trim().split(/\s+/)[0]));
    expect(INSTRUCTIONS.filter((s) => !used.has(s.mnemonic)).map((s) => s.mnemonic)).toEqual([]);
  });
});
