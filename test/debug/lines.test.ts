// The debugger's reading of .debug_line against objdump's decoded line table, for the DWARF
// versions GNU as writes (3 by default, 5 with --gdwarf-5, the version our ELF writer emits).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDebugLine, LineTable } from '../../emulator/debug/lines';
import { readElf } from '../../toolchain/elf/reader';
import { MABI, MARCH, runOk, tempDir } from '../elf/tools';
import { hasGnu, programSource } from './helpers';

function build(dwarf: string): string {
  const dir = tempDir('lines');
  const obj = join(dir, 'p.o');
  const elf = join(dir, 'p.elf');
  runOk('riscv64-unknown-elf-as', [MARCH, MABI, '-mno-relax', dwarf, '-o', obj, programSource('sum')]);
  runOk('riscv64-unknown-elf-ld', ['-m', 'elf32lriscv', '--no-relax', '-o', elf, obj]);
  return elf;
}

/** objdump --dwarf=decodedline rows: file base name, line, address (end-of-sequence rows skipped). */
function objdumpLines(elf: string): { file: string; line: number; address: number }[] {
  const text = runOk('riscv64-unknown-elf-objdump', ['--dwarf=decodedline', elf]);
  const rows: { file: string; line: number; address: number }[] = [];
  for (const l of text.split('\n')) {
    const m = /^(\S+)\s+(\d+)\s+(0x[0-9a-f]+)/.exec(l);
    if (m) rows.push({ file: m[1]!, line: Number(m[2]), address: Number(m[3]) });
  }
  return rows;
}

describe.skipIf(!hasGnu)('source lines from .debug_line', () => {
  for (const dwarf of ['-g', '--gdwarf-2', '--gdwarf-4', '--gdwarf-5']) {
    it(`match objdump for GNU as ${dwarf}`, () => {
      const elf = build(dwarf);
      const ours = parseDebugLine(readElf(readFileSync(elf)));
      const theirs = objdumpLines(elf);
      expect(theirs.length).toBeGreaterThan(20);
      expect(ours.map((e) => ({ file: e.file.split('/').pop(), line: e.line, address: e.address }))).toEqual(theirs);
      const table = new LineTable(ours);
      expect(table.addressOf('sum.s', 33)).toBe(0x100f0);
      expect(table.at(0x100e0)?.line).toBe(29);
    });
  }
});
