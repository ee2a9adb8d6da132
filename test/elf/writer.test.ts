// The ELF writer against GNU ld: same layout for the same program, and readelf/objdump read our
// files without a single warning.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataSegmentAddress, firstSectionAddress, writeElf } from '../../toolchain/elf/writer';
import { SOURCE, TEXT, sampleInput } from './sample';
import { readElf } from '../../toolchain/elf/reader';
import { MABI, MARCH, gnuAssembleAndLink, hasTool, requireTools, run, runOk, tempDir } from './tools';

const tools = requireTools('riscv64-unknown-elf-as', 'riscv64-unknown-elf-ld', 'riscv64-unknown-elf-readelf', 'riscv64-unknown-elf-objdump');

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
    // ld's page-saving adjustment (checked with ld: 4 KiB of .bss after text ending at 0x100a4
    // starts at 0x11000; 5000 bytes after 0x100a0 stay at 0x110a0).
    expect(dataSegmentAddress(0x100a4, 0x1000)).toBe(0x11000);
    expect(dataSegmentAddress(0x100a0, 5000)).toBe(0x110a0);
    expect(dataSegmentAddress(0x100a8, 0x14)).toBe(0x110a8);
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

describe.skipIf(!tools || !hasTool('riscv64-unknown-elf-gcc'))('ld executables rewritten by our writer (interop)', () => {
  const programs: [string, () => string][] = [
    ['text, rodata, data, bss', () => gnuAssembleAndLink(tempDir('relay'), 'p', '.globl _start\n_start: la a0, msg\n lw a1, n\n j _start\n.section .rodata\nmsg: .string "hi"\n.data\nn: .word 5\n.bss\nb: .space 40\n')],
    ['text and bss only', () => gnuAssembleAndLink(tempDir('relay'), 'p', '.globl _start\n_start: la a0, b\n sw zero, 0(a0)\n j _start\n.bss\nb: .space 4096\n')],
    ['gcc -O2 with small data', () => {
      const dir = tempDir('relay');
      writeFileSync(join(dir, 'p.c'), 'int x = 3; short s[5]; const int k[4] = {1,2,3,4};\nvoid _start(void) { for (int i = 0; i < 5; i++) s[i] = x * k[i & 3]; for (;;) {} }\n');
      runOk('riscv64-unknown-elf-gcc', [MARCH, MABI, '-O2', '-static', '-nostdlib', '-o', join(dir, 'p.elf'), join(dir, 'p.c')]);
      return join(dir, 'p.elf');
    }],
  ];
  for (const [name, build] of programs) {
    it(`lays out ${name} exactly like ld, given ld's section addresses`, () => {
      const gnu = build();
      const image = readElf(readFileSync(gnu));
      const ours = join(tempDir('relay'), 'ours.elf');
      const sections = image.sections.filter((s) => !s.name.startsWith('.debug'));
      const kept = new Set(sections.map((s) => s.name));
      const symbols = image.symbols.filter((s) => s.section === undefined || kept.has(s.section));
      writeFileSync(ours, writeElf({ entry: image.entry, sections, symbols }));
      const mine = run('riscv64-unknown-elf-readelf', ['-lSW', ours]);
      expect(mine.stderr).toBe('');
      const theirs = runOk('riscv64-unknown-elf-readelf', ['-lSW', gnu]);
      const allocRows = (text: string) => text.split('\n').filter((l) => /^\s+(LOAD|RISCV_ATTRIBUT)|^\s+\[\s*\d+\] \S+\s+\S+\s+0*[1-9a-f]/.test(l) || /RISCV_ATTRIBUTE /.test(l));
      expect(allocRows(mine.stdout)).toEqual(allocRows(theirs));
      expect(run('riscv64-unknown-elf-objdump', ['-d', ours]).stdout.split('\n').slice(2)).toEqual(
        run('riscv64-unknown-elf-objdump', ['-d', gnu]).stdout.split('\n').slice(2),
      );
    });
  }
});
