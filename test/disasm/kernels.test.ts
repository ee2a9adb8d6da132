// End to end with gpesim's own assembler: every kernel (with math.s) assembled, with source lines,
// into an ELF by our writer, then read by readelf (no warnings), objdump -d (same text as gpesim
// disasm) and objdump --dwarf=decodedline (same rows as our reader).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../toolchain/asm';
import { disassembleImage } from '../../toolchain/disasm/image';
import { readElf } from '../../toolchain/elf/reader';
import { requireTools, run, runOk, tempDir } from '../elf/tools';
import { firstDifference, objdumpBody } from './helpers';

const tools = requireTools('riscv64-unknown-elf-objdump', 'riscv64-unknown-elf-readelf');
const KERNELS = join(__dirname, '../../kernels');
const sources = readdirSync(KERNELS).filter((f) => f.endsWith('.s'));

describe.skipIf(!tools)('kernels assembled by gpesim asm: readelf, objdump and gpesim disasm agree (interop)', () => {
  it('has kernels to check', () => expect(sources.length).toBeGreaterThan(3));
  for (const file of sources) {
    it(file, () => {
      // Kernels call the activation functions of math.s: link it in (two files in the line table).
      const files = file === 'math.s' ? [file] : [file, 'math.s'];
      const result = assemble(files.map((f) => ({ path: `kernels/${f}`, text: readFileSync(join(KERNELS, f), 'utf8') })), {
        debugLines: true,
        readFile: (p) => {
          try {
            return { path: p, text: readFileSync(join(KERNELS, basename(p)), 'utf8') };
          } catch {
            return undefined;
          }
        },
      });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const elf = join(tempDir('kern'), file.replace(/\.s$/, '.elf'));
      writeFileSync(elf, result.elf!);
      const readelf = run('riscv64-unknown-elf-readelf', ['-a', '--debug-dump=info,line', '-W', elf]);
      expect(readelf.stderr).toBe('');
      const image = readElf(result.elf!);
      for (const noAliases of [false, true]) {
        expect(firstDifference(disassembleImage(image, { aliases: !noAliases }), objdumpBody(elf, noAliases))).toBeUndefined();
      }
      const decoded = [...runOk('riscv64-unknown-elf-objdump', ['--dwarf=decodedline', elf]).matchAll(/^(\S+)\s+(\d+)\s+(0x[0-9a-f]+)/gm)].map(
        (m) => `${basename(m[1]!)}:${m[2]}@${Number(m[3])}`,
      );
      expect(image.lines.map((l) => `${basename(l.file)}:${l.line}@${l.address}`)).toEqual(decoded);
      expect(image.lines.length).toBeGreaterThan(5);
    });
  }
});
