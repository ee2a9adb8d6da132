// The ELF writer against GNU ld: same layout for the same program, and readelf/objdump read our
// files without a single warning.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataSegmentAddress, firstSectionAddress, writeElf } from '../../toolchain/elf/writer';
import type { ElfSection, ElfWriteInput } from '../../toolchain/elf/types';
import { gnuAssembleAndLink, requireTools, run, tempDir } from './tools';

const tools = requireTools('riscv64-unknown-elf-as', 'riscv64-unknown-elf-ld', 'riscv64-unknown-elf-readelf', 'riscv64-unknown-elf-objdump');

const SOURCE = `
.text
.globl _start
_start:
  li a0, 0
  la a1, val
  lw a2, 0(a1)
loop: j loop
.data
val: .word 42
.bss
buf: .space 16
`;
// The bytes GNU as produces for SOURCE's .text (checked with objdump -d).
const TEXT = new Uint8Array([
  0x13, 0x05, 0x00, 0x00, 0x97, 0x15, 0x00, 0x00, 0x93, 0x85, 0x05, 0x01, 0x03, 0xa6, 0x05, 0x00, 0x6f, 0x00, 0x00, 0x00,
]);

export function sampleInput(withData = true): ElfWriteInput {
  const t = firstSectionAddress(withData);
  const d = dataSegmentAddress(t + TEXT.length);
  const rw = { alloc: true, write: true, exec: false };
  const sections: ElfSection[] = [
    { name: '.text', kind: 'progbits', address: t, size: TEXT.length, data: TEXT, flags: { alloc: true, write: false, exec: true }, alignment: 4 },
  ];
  if (withData) {
    sections.push({ name: '.data', kind: 'progbits', address: d, size: 4, data: new Uint8Array([42, 0, 0, 0]), flags: rw, alignment: 1 });
    sections.push({ name: '.bss', kind: 'nobits', address: d + 4, size: 16, data: new Uint8Array(0), flags: rw, alignment: 1 });
  }
  return {
    entry: t,
    sections,
    symbols: [
      ...(withData ? [{ name: 'val', value: d, size: 0, binding: 'local', type: 'notype', section: '.data' } as const] : []),
      { name: 'loop', value: t + 16, size: 0, binding: 'local', type: 'notype', section: '.text' },
      { name: '_start', value: t, size: 0, binding: 'global', type: 'func', section: '.text' },
      { name: 'ABSOLUTE', value: 0x1234, size: 0, binding: 'global', type: 'notype', section: undefined },
      { name: 'weakling', value: t + 4, size: 4, binding: 'weak', type: 'func', section: '.text' },
    ],
  };
}

/** The readelf lines describing layout: section headers up to .riscv.attributes, program headers. */
function layoutLines(readelf: string): string[] {
  return readelf
    .split('\n')
    .filter((l) => /^\s+\[\s*\d+\] (\.text|\.data|\.bss|\.riscv\.attributes)|^\s+(LOAD|RISCV_ATTRIBUT)|Entry point|Flags:|Class:|Machine:|Type:/.test(l));
}

describe('ELF writer layout', () => {
  it('places the first section after the headers like ld: 0x10074 without data, 0x10094 with', () => {
    expect(firstSectionAddress(false)).toBe(0x10074);
    expect(firstSectionAddress(true)).toBe(0x10094);
    expect(dataSegmentAddress(0x100a8)).toBe(0x110a8);
    expect(dataSegmentAddress(0x11000)).toBe(0x11000);
  });

  it('rejects overlapping sections and symbols in unknown sections', () => {
    const base = sampleInput();
    const text = base.sections[0]!;
    expect(() => writeElf({ ...base, sections: [...base.sections, { ...text, name: '.text2', address: text.address + 4 }] })).toThrow(/overlap/);
    expect(() => writeElf({ ...base, symbols: [{ name: 'x', value: 0, size: 0, binding: 'global', type: 'notype', section: '.nope' }] })).toThrow(/unknown section/);
  });
});

describe.skipIf(!tools)('ELF writer vs GNU ld (interop)', () => {
  for (const withData of [true, false]) {
    it(`matches ld's headers and layout ${withData ? 'with' : 'without'} a data segment`, () => {
      const dir = tempDir('elfw');
      const source = withData ? SOURCE : SOURCE.replace(/la a1, val/, 'nop\nnop').replace(/\.data[\s\S]*/, '');
      const gnu = gnuAssembleAndLink(dir, 'gnu', source);
      const ours = join(dir, 'ours.elf');
      const input = sampleInput(withData);
      writeFileSync(ours, writeElf(withData ? input : { ...input, sections: [{ ...input.sections[0]!, data: TEXT.slice().fill(0x13, 4, 12).fill(0, 5, 8).fill(0, 9, 12) }] }));
      const gnuOut = run('riscv64-unknown-elf-readelf', ['-a', '-W', gnu]);
      const ourOut = run('riscv64-unknown-elf-readelf', ['-a', '-W', ours]);
      expect(ourOut.stderr).toBe('');
      expect(ourOut.status).toBe(0);
      expect(layoutLines(ourOut.stdout)).toEqual(layoutLines(gnuOut.stdout));
      expect(layoutLines(ourOut.stdout).length).toBeGreaterThanOrEqual(withData ? 10 : 8);
      const dump = run('riscv64-unknown-elf-objdump', ['-d', '-x', ours]);
      expect(dump.stderr).toBe('');
      expect(dump.stdout).toContain('<_start>:');
      // The loaded bytes equal ld's.
      const gnuHex = run('riscv64-unknown-elf-objdump', ['-s', '-j', '.text', '-j', '.data', gnu]).stdout.split('\n').slice(2);
      const ourHex = run('riscv64-unknown-elf-objdump', ['-s', '-j', '.text', '-j', '.data', ours]).stdout.split('\n').slice(2);
      expect(ourHex).toEqual(gnuHex);
    });
  }

  it('writes locals before globals with sh_info = first global, readelf agrees', () => {
    const dir = tempDir('elfw');
    const ours = join(dir, 'syms.elf');
    writeFileSync(ours, writeElf(sampleInput()));
    const out = run('riscv64-unknown-elf-readelf', ['-s', '-S', '-W', ours]);
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(/\.symtab\s+SYMTAB\s+00000000 \w+ 000060 10\s+6\s+3\s+4/);
    expect(out.stdout).toMatch(/1: 000110a8\s+0 NOTYPE\s+LOCAL\s+DEFAULT\s+2 val/);
    expect(out.stdout).toMatch(/4: 00001234\s+0 NOTYPE\s+GLOBAL DEFAULT\s+ABS ABSOLUTE/);
    expect(out.stdout).toMatch(/5: 00010098\s+4 FUNC\s+WEAK\s+DEFAULT\s+1 weakling/);
  });
});
