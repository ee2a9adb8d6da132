// The debugger's source-line lookups (LineTable over readElf's ElfImage.lines) against objdump's
// decoded line table, for the DWARF versions GNU as writes (3 by default, 2, 4, and 5 as our ELF
// writer emits it) and for gcc -O2 -g, whose line programs give one address several rows.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineTable } from '../../emulator/debug/lines';
import { readElf } from '../../toolchain/elf/reader';
import { MABI, MARCH, requireTools, runOk, tempDir } from '../elf/tools';
import { hasGnu, programSource } from './helpers';

const hasGcc = requireTools('riscv64-unknown-elf-gcc', 'riscv64-unknown-elf-objdump');

function build(dwarf: string): string {
  const dir = tempDir('lines');
  const obj = join(dir, 'p.o');
  const elf = join(dir, 'p.elf');
  runOk('riscv64-unknown-elf-as', [MARCH, MABI, '-mno-relax', dwarf, '-o', obj, programSource('sum')]);
  runOk('riscv64-unknown-elf-ld', ['-m', 'elf32lriscv', '--no-relax', '-o', elf, obj]);
  return elf;
}

interface Row {
  readonly file: string;
  readonly line: number;
  readonly address: number;
}

/** objdump --dwarf=decodedline rows: file base name, line, address (end-of-sequence rows skipped). */
function objdumpLines(elf: string): Row[] {
  const text = runOk('riscv64-unknown-elf-objdump', ['--dwarf=decodedline', elf]);
  const rows: Row[] = [];
  for (const l of text.split('\n')) {
    const m = /^(\S+)\s+(\d+)\s+(0x[0-9a-f]+)/.exec(l);
    if (m) rows.push({ file: m[1]!, line: Number(m[2]), address: Number(m[3]) });
  }
  return rows;
}

const baseName = (p: string): string => p.split('/').pop()!;

/**
 * Checks every lookup the debugger makes against objdump's rows: where an address has several
 * rows the last one describes it; `at` answers exactly those addresses, `addressOf` gives the
 * lowest address described by a file:line. Returns the table and objdump's rows.
 */
function checkAgainstObjdump(elf: string): { table: LineTable; theirs: Row[] } {
  const table = LineTable.of(readElf(readFileSync(elf)));
  const theirs = objdumpLines(elf);
  expect(theirs.length).toBeGreaterThan(20);
  const last = new Map<number, Row>();
  for (const r of theirs) last.set(r.address, r);
  const expected = [...last.values()].sort((a, b) => a.address - b.address);
  expect(table.entries.map((e) => ({ file: baseName(e.file), line: e.line, address: e.address }))).toEqual(expected);
  const lowest = new Map<string, number>();
  for (const r of expected) {
    const got = table.at(r.address);
    expect(got && { file: baseName(got.file), line: got.line }).toEqual({ file: r.file, line: r.line });
    const key = `${r.file}:${r.line}`;
    lowest.set(key, Math.min(lowest.get(key) ?? Infinity, r.address));
    if (!last.has(r.address + 2)) expect(table.at(r.address + 2)).toBeUndefined();
  }
  for (const [key, address] of lowest) {
    const [file, line] = key.split(':');
    expect(table.addressOf(file!, Number(line))).toBe(address);
  }
  return { table, theirs };
}

describe.skipIf(!hasGnu)('source lines of GNU as -g programs', () => {
  for (const dwarf of ['-g', '--gdwarf-2', '--gdwarf-4', '--gdwarf-5']) {
    it(`match objdump for GNU as ${dwarf}`, () => {
      const { table } = checkAgainstObjdump(build(dwarf));
      // By hand from sum.s: line 33 is the 21st instruction after _start at 0x10094.
      expect(table.addressOf('sum.s', 33)).toBe(0x100f0);
      expect(table.at(0x100e0)?.line).toBe(29);
      expect(table.addressOf('sum.s', 1)).toBeUndefined();
      expect(table.addressOf('other.s', 33)).toBeUndefined();
    });
  }
});

const C_SOURCE = `static int squares[16];
int sum(int n) {
  int s = 0;
  for (int i = 0; i < n; i++) {
    squares[i & 15] = i * i;
    s += squares[i & 15] ^ (s >> 1);
  }
  return s;
}
void _start(void) {
  volatile int r = sum(10);
  for (;;) { }
}
`;

describe.skipIf(!hasGcc)('source lines of a gcc -O2 -g program', () => {
  it('one row per address (the last), matching objdump', () => {
    const dir = tempDir('lines-c');
    const src = join(dir, 'loop.c');
    const elf = join(dir, 'loop.elf');
    writeFileSync(src, C_SOURCE);
    runOk('riscv64-unknown-elf-gcc', [MARCH, MABI, '-O2', '-g', '-nostdlib', '-nostartfiles', '-o', elf, src]);
    const { table, theirs } = checkAgainstObjdump(elf);
    // The case this test is for: several rows at one address.
    expect(theirs.length).toBeGreaterThan(table.entries.length);
  });
});
