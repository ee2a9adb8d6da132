// Source lines: our writer's DWARF line program read back by our reader, by objdump
// --dwarf=decodedline and by gdb; gcc's DWARF 4/5 line programs read like objdump reads them.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readElf } from '../../toolchain/elf/reader';
import { firstSectionAddress, writeElf } from '../../toolchain/elf/writer';
import { ElfFormatError, type ElfWriteInput, type LineEntry } from '../../toolchain/elf/types';
import { MABI, MARCH, hasTool, requireTools, run, runOk, tempDir } from './tools';

const binutils = requireTools('riscv64-unknown-elf-readelf', 'riscv64-unknown-elf-objdump');
const gcc = requireTools('riscv64-unknown-elf-gcc', 'riscv64-unknown-elf-objdump');
const gdb = hasTool('gdb-multiarch');
if (!gdb) console.warn('SKIPPED gdb line-table test: missing gdb-multiarch');

const T = firstSectionAddress(false);
const LINES: LineEntry[] = [
  { address: T, file: 'prog.s', line: 3 },
  { address: T + 4, file: 'prog.s', line: 4 },
  { address: T + 8, file: 'inc.s', line: 10 },
  { address: T + 12, file: 'prog.s', line: 7 },
  { address: T + 16, file: 'prog.s', line: 2 },
];
const WORDS = [0x00000513, 0x00100593, 0x00b50633, 0x00000013, 0xff9ff06f];

function input(dir?: string): ElfWriteInput {
  const data = new Uint8Array(new Uint32Array(WORDS).buffer);
  return {
    entry: T,
    sections: [{ name: '.text', kind: 'progbits', address: T, size: data.length, data, flags: { alloc: true, write: false, exec: true }, alignment: 4 }],
    symbols: [{ name: '_start', value: T, size: 0, binding: 'global', type: 'func', section: '.text' }],
    lines: LINES,
    ...(dir !== undefined ? { compilationDirectory: dir } : {}),
  };
}

/** Rows of objdump --dwarf=decodedline: [file basename, line, address], end-of-sequence rows left out. */
function decodedLines(path: string): string[] {
  const out = runOk('riscv64-unknown-elf-objdump', ['--dwarf=decodedline', path]);
  return [...out.matchAll(/^(\S+)\s+(\d+)\s+(0x[0-9a-f]+)/gm)].map((m) => `${basename(m[1]!)} ${m[2]} ${Number(m[3])}`);
}

const ours = (lines: readonly LineEntry[]) => lines.map((l) => `${basename(l.file)} ${l.line} ${l.address}`);

describe('DWARF line table', () => {
  it('reads back what the writer wrote', () => {
    expect(readElf(writeElf(input())).lines).toEqual(LINES);
    expect(readElf(writeElf({ ...input(), lines: [...LINES].reverse() })).lines).toEqual(LINES);
  });

  it('rejects a corrupted line program with ElfFormatError only', () => {
    const bytes = writeElf(input());
    const image = readElf(bytes);
    expect(image.lines.length).toBe(5);
    const view = new DataView(bytes.buffer);
    const shoff = view.getUint32(32, true);
    const shnum = view.getUint16(48, true);
    let lineOffset = -1;
    let lineSize = 0;
    const names = bytes.subarray(view.getUint32(shoff + (shnum - 1) * 40 + 16, true));
    for (let i = 1; i < shnum; i++) {
      const name = view.getUint32(shoff + i * 40, true);
      if (new TextDecoder().decode(names.subarray(name, name + 11)) === '.debug_line') {
        lineOffset = view.getUint32(shoff + i * 40 + 16, true);
        lineSize = view.getUint32(shoff + i * 40 + 20, true);
      }
    }
    expect(lineOffset).toBeGreaterThan(0);
    const broken = bytes.slice();
    new DataView(broken.buffer).setUint32(lineOffset, 0x7fff, true); // unit length past the end
    expect(() => readElf(broken)).toThrow(ElfFormatError);
    let seed = 7;
    for (let trial = 0; trial < 2000; trial++) {
      const copy = bytes.slice();
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      copy[lineOffset + (seed % lineSize)] = seed >>> 24;
      try {
        readElf(copy);
      } catch (error) {
        expect(error).toBeInstanceOf(ElfFormatError);
      }
    }
  });
});

describe.skipIf(!binutils)('DWARF line table interop', () => {
  it('readelf reads it without a warning and objdump decodes the same rows', () => {
    const dir = tempDir('dwarf');
    const path = join(dir, 'prog.elf');
    writeFileSync(path, writeElf(input(dir)));
    const readelf = run('riscv64-unknown-elf-readelf', ['-a', '--debug-dump=info,abbrev,line', '-W', path]);
    expect(readelf.status).toBe(0);
    expect(readelf.stderr).toBe('');
    expect(readelf.stdout).toContain('DW_TAG_compile_unit');
    const objdump = run('riscv64-unknown-elf-objdump', ['--dwarf=decodedline', '-d', '-l', path]);
    expect(objdump.stderr).toBe('');
    expect(decodedLines(path)).toEqual(ours(LINES));
    expect(objdump.stdout).toContain(`${dir}/inc.s:10`);
  });

  it.skipIf(!gdb)('gdb finds the source line of an address', () => {
    const dir = tempDir('dwarf');
    const path = join(dir, 'prog.elf');
    writeFileSync(path, writeElf(input(dir)));
    writeFileSync(join(dir, 'prog.s'), 'nop\n\nli a0,0\nli a1,1\nadd a2,a0,a1\n\n1: j 1b\n');
    const out = runOk('gdb-multiarch', ['-nx', '-batch', '-ex', `info line *${T + 8}`, '-ex', `list *${T + 4},+0`, path]);
    expect(out).toContain(`Line 10 of "inc.s" starts at address 0x${(T + 8).toString(16)}`);
    expect(out).toMatch(/4\tli a1,1/);
  });
});

describe.skipIf(!gcc)('line tables written by gcc and GNU as (interop)', () => {
  for (const flag of ['-gdwarf-5', '-gdwarf-4', '-gdwarf-3']) {
    it(`reads ${flag} line programs like objdump --dwarf=decodedline`, () => {
      const dir = tempDir('dwarf-gcc');
      writeFileSync(join(dir, 'prog.c'), 'int f(int x) {\n  int s = 0;\n  for (int i = 0; i < x; i++)\n    s += i * x;\n  return s;\n}\nvoid _start(void) { f(3); for (;;) {} }\n');
      writeFileSync(join(dir, 'start.s'), '.text\n.globl g\ng:\n  li a0, 1\n  ret\n');
      const path = join(dir, 'prog.elf');
      runOk('riscv64-unknown-elf-gcc', [MARCH, MABI, flag, '-O0', '-static', '-nostdlib', '-o', path, join(dir, 'prog.c'), join(dir, 'start.s')]);
      const lines = readElf(readFileSync(path)).lines;
      expect(lines.length).toBeGreaterThan(8);
      expect([...ours(lines)].sort()).toEqual([...decodedLines(path)].sort());
    });
  }
});
