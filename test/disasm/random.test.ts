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
import { firstDifference, objdumpBody, randomWords, seeded } from './helpers';

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

/**
 * Arbitrary bytes rather than valid words: runs of zeros, 16-bit and long-instruction parcels,
 * symbols at odd offsets, objects inside .text, `$d`/`$x` mapping symbols and instructions cut
 * off by the next symbol; two code sections.
 */
function messyImage(seed: number): Uint8Array {
  const next = seeded(seed);
  const valid = randomWords(600, seed + 100);
  const t = firstSectionAddress(false);
  const text = new Uint8Array(3000);
  let at = 0;
  while (at < text.length) {
    const kind = next() % 10;
    if (kind < 5 && at + 4 <= text.length) {
      new DataView(text.buffer).setUint32(at, valid[next() % valid.length]!, true);
      at += 4;
    } else if (kind < 7) {
      at += 1 + (next() % 14); // zeros
    } else {
      text[at++] = next() & 0xff;
    }
  }
  const second = new Uint8Array(new Uint32Array(randomWords(50, seed + 200)).buffer);
  const t2 = t + text.length;
  const symbols: ElfSymbol[] = [{ name: '_start', value: t, size: 0, binding: 'global', type: 'func', section: '.text' }];
  const kinds = ['notype', 'func', 'object'] as const;
  for (let i = 0; i < 40; i++) {
    const value = t + (next() % text.length);
    const r = next() % 10;
    const name = r < 2 ? '$d' : r < 4 ? '$x' : r < 5 ? '$xrv32i2p1_m2p0_a2p1_f2p2_zicsr2p0_zifencei2p0' : `s${i}`;
    symbols.push({ name, value, size: next() % 3 === 0 ? next() % 64 : 0, binding: name.startsWith('$') || next() % 2 ? 'local' : 'global', type: name.startsWith('$') ? 'notype' : kinds[next() % 3]!, section: '.text' });
  }
  symbols.push({ name: 'init', value: t2 + 8, size: 0, binding: 'global', type: 'func', section: '.text.init' });
  symbols.push({ name: 'absolute', value: t + 100, size: 0, binding: 'global', type: 'notype', section: undefined });
  const code = { alloc: true, write: false, exec: true };
  return writeElf({
    entry: t,
    sections: [
      { name: '.text', kind: 'progbits', address: t, size: text.length, data: text, flags: code, alignment: 4 },
      { name: '.text.init', kind: 'progbits', address: t2, size: second.length, data: second, flags: code, alignment: 4 },
    ],
    symbols,
  });
}

describe.skipIf(!tools)('random bytes and symbols: gpesim disasm == objdump -d (interop)', () => {
  for (const seed of [11, 12, 13, 14, 15, 16]) {
    it(`seed ${seed}`, () => {
      const bytes = messyImage(seed);
      const path = join(tempDir('messy'), 'messy.elf');
      writeFileSync(path, bytes);
      for (const noAliases of [false, true]) {
        const ours = disassembleImage(readElf(bytes), { aliases: !noAliases });
        expect(firstDifference(ours, objdumpBody(path, noAliases))).toBeUndefined();
      }
    });
  }
});
