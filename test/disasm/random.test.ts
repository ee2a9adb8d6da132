// Thousands of random valid encodings over the instruction table, written into an ELF by our
// writer and disassembled by objdump and by us: the texts must be identical, line for line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disassembleImage } from '../../toolchain/disasm/image';
import { readElf } from '../../toolchain/elf/reader';
import { dataSegmentAddress, firstSectionAddress, writeElf } from '../../toolchain/elf/writer';
import type { ElfSymbol } from '../../toolchain/elf/types';
import { requireTools, tempDir } from '../elf/tools';
import { firstDifference, objdumpBody, randomWords } from './helpers';

const tools = requireTools('riscv64-unknown-elf-objdump');

function imageOf(words: Uint32Array, withSymbols: boolean): Uint8Array {
  const text = new Uint8Array(words.buffer.slice(0));
  const t = firstSectionAddress(true);
  const d = dataSegmentAddress(t + text.length);
  const symbols: ElfSymbol[] = [];
  if (withSymbols) {
    symbols.push({ name: '_start', value: t, size: 0, binding: 'global', type: 'func', section: '.text' });
    for (let i = 1; i < 8; i++) {
      symbols.push({ name: `L${i}`, value: t + i * 4 * Math.floor(words.length / 8), size: 0, binding: 'local', type: 'notype', section: '.text' });
    }
    symbols.push({ name: 'table', value: d, size: 64, binding: 'global', type: 'object', section: '.data' });
    symbols.push({ name: '__global_pointer$', value: d + 0x800, size: 0, binding: 'global', type: 'notype', section: undefined });
  }
  return writeElf({
    entry: t,
    sections: [
      { name: '.text', kind: 'progbits', address: t, size: text.length, data: text, flags: { alloc: true, write: false, exec: true }, alignment: 4 },
      { name: '.data', kind: 'progbits', address: d, size: 64, data: new Uint8Array(64).fill(7), flags: { alloc: true, write: true, exec: false }, alignment: 4 },
    ],
    symbols,
  });
}

describe.skipIf(!tools)('random encodings: gpesim disasm == objdump -d (interop)', () => {
  for (const [seed, withSymbols] of [[1, true], [2, true], [3, false]] as const) {
    for (const noAliases of [false, true]) {
      it(`seed ${seed}, ${withSymbols ? 'with' : 'without'} symbols, ${noAliases ? '-M no-aliases' : 'aliases'}`, () => {
        const bytes = imageOf(randomWords(4000, seed), withSymbols);
        const path = join(tempDir('rand'), 'random.elf');
        writeFileSync(path, bytes);
        const ours = disassembleImage(readElf(bytes), { aliases: !noAliases });
        const theirs = objdumpBody(path, noAliases);
        expect(firstDifference(ours, theirs)).toBeUndefined();
        expect(theirs.split('\n').length).toBeGreaterThan(4000);
      });
    }
  }
});
