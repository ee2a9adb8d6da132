// A small program for the ELF tests: its source for GNU as, the .text bytes GNU as makes of it,
// and the same program as writer input.
import { dataSegmentAddress, firstSectionAddress } from '../../toolchain/elf/writer';
import type { ElfSection, ElfWriteInput } from '../../toolchain/elf/types';

export const SOURCE = `
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
export const TEXT = new Uint8Array([
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

