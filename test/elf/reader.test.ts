// The ELF reader: our writer's files read back, GNU ld/gcc executables read like readelf reads
// them, and every malformed file rejected with an ElfFormatError (never another exception).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disassembleImage } from '../../toolchain/disasm/image';
import { readElf } from '../../toolchain/elf/reader';
import { writeElf } from '../../toolchain/elf/writer';
import { ElfFormatError, type ElfImage } from '../../toolchain/elf/types';
import { sampleInput } from './sample';
import { MABI, MARCH, requireTools, runOk, tempDir } from './tools';

const gcc = requireTools('riscv64-unknown-elf-gcc', 'riscv64-unknown-elf-readelf');

function expectFormatError(bytes: Uint8Array, pattern?: RegExp): ElfFormatError {
  let caught: unknown;
  try {
    readElf(bytes);
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected an ElfFormatError').toBeInstanceOf(ElfFormatError);
  if (pattern) expect((caught as Error).message).toMatch(pattern);
  return caught as ElfFormatError;
}

function patch(bytes: Uint8Array, offset: number, value: number, size: 1 | 2 | 4): Uint8Array {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  if (size === 1) view.setUint8(offset, value);
  else if (size === 2) view.setUint16(offset, value, true);
  else view.setUint32(offset, value >>> 0, true);
  return copy;
}

const u32 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getUint32(at, true);
const u16 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getUint16(at, true);

describe('ELF reader on our own files', () => {
  const input = sampleInput();
  const bytes = writeElf(input);
  const image = readElf(bytes);

  it('reads back entry, sections, symbols and segments', () => {
    expect(image.entry).toBe(input.entry);
    for (const s of input.sections) {
      const got = image.sections.find((x) => x.name === s.name)!;
      expect(got).toEqual({ ...s, data: s.kind === 'nobits' ? new Uint8Array(0) : s.data });
    }
    expect(image.sections.map((s) => s.name)).toEqual(['.text', '.data', '.bss', '.riscv.attributes']);
    expect([...image.symbols].sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      [...input.symbols].sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(image.segments.map((s) => [s.virtualAddress, s.fileBytes.length, s.memorySize, s.flags])).toEqual([
      [0x10000, 0xa8, 0xa8, { read: true, write: false, exec: true }],
      [0x110a8, 4, 0x14, { read: true, write: true, exec: false }],
    ]);
    // The text segment maps the headers and then .text at its address.
    const text = image.segments[0]!;
    expect(text.fileBytes.subarray(0x94, 0xa8)).toEqual(input.sections[0]!.data);
    expect(image.lines).toEqual([]);
  });

  it('rejects the file truncated at every length', () => {
    for (let n = 0; n < bytes.length; n++) expectFormatError(bytes.subarray(0, n));
  });

  it('names what is wrong and where', () => {
    expect(expectFormatError(new TextEncoder().encode('#!/bin/sh\necho hi\n'), /not an ELF file/).offset).toBe(0);
    expect(expectFormatError(patch(bytes, 4, 2, 1), /ELF64/).offset).toBe(4);
    expect(expectFormatError(patch(bytes, 5, 2, 1), /big-endian/).offset).toBe(5);
    expect(expectFormatError(patch(bytes, 18, 62, 2), /machine 62 \(x86-64\) is not RISC-V/).offset).toBe(18);
    expect(expectFormatError(patch(bytes, 16, 1, 2), /relocatable/).offset).toBe(16);
    const shoff = u32(bytes, 32);
    const shnum = u16(bytes, 48);
    expect(expectFormatError(patch(bytes, 50, shnum, 2), /section name table index/).offset).toBe(50);
    expect(expectFormatError(patch(bytes, 50, 1, 2), /not a string table/).offset).toBe(50);
    // .text's sh_offset moved beyond the end of the file
    expect(expectFormatError(patch(bytes, shoff + 40 + 16, bytes.length, 4), /section 1 .*beyond the end/).offset).toBe(shoff + 56);
    // a PT_LOAD beyond the end of the file
    expect(expectFormatError(patch(bytes, 52 + 32 + 16, 0x100000, 4), /segment 1 .*beyond the end/).offset).toBe(52 + 32 + 4);
    // a section name offset outside .shstrtab
    expect(expectFormatError(patch(bytes, shoff + 40, 0xffff, 4), /section 1: name offset/).offset).toBe(shoff + 40);
    // a symbol name offset outside .strtab
    const symtab = u32(bytes, shoff + 5 * 40 + 16);
    expect(expectFormatError(patch(bytes, symtab + 16, 0xfffff, 4), /symbol 1: name offset/).offset).toBe(symtab + 16);
    expect(expectFormatError(patch(bytes, 32, 0xfffffff0, 4), /section header table/).offset).toBe(32);
  });

  it('survives random corruption with ElfFormatError or an image the disassembler prints, nothing else', () => {
    let seed = 12345;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8);
    let rejected = 0;
    for (let trial = 0; trial < 2000; trial++) {
      const copy = bytes.slice();
      const flips = 1 + (rand() % 4);
      for (let f = 0; f < flips; f++) copy[rand() % copy.length] = rand() & 0xff;
      let image: ElfImage | undefined;
      try {
        image = readElf(copy);
      } catch (error) {
        expect(error).toBeInstanceOf(ElfFormatError);
        rejected++;
      }
      // Whatever the reader accepts, the disassembler can print.
      if (image) expect(typeof disassembleImage(image, { aliases: trial % 2 === 0 })).toBe('string');
    }
    expect(rejected).toBeGreaterThan(100);
  });
});

function readelf(path: string, flag: string): string {
  return runOk('riscv64-unknown-elf-readelf', [flag, '-W', path]);
}

function compareWithReadelf(path: string, image: ElfImage): void {
  const header = readelf(path, '-h');
  expect(image.entry).toBe(Number(/Entry point address:\s+(0x[0-9a-f]+)/.exec(header)![1]));
  const loads = readelf(path, '-l')
    .split('\n')
    .filter((l) => /^\s+LOAD/.test(l))
    .map((l) => l.trim().split(/\s+/));
  expect(image.segments.length).toBe(loads.length);
  loads.forEach((f, i) => {
    const seg = image.segments[i]!;
    expect(seg.virtualAddress).toBe(Number(f[2]));
    expect(seg.fileBytes.length).toBe(Number(f[4]));
    expect(seg.memorySize).toBe(Number(f[5]));
    expect(`${seg.flags.read ? 'R' : ' '}${seg.flags.write ? 'W' : ' '}${seg.flags.exec ? 'E' : ' '}`.replace(/ /g, '')).toBe(
      f.slice(6, -1).join(''),
    );
  });
  const symLines = readelf(path, '-s')
    .split('\n')
    .map((l) => /^\s+\d+: ([0-9a-f]{8})\s+(\d+) (\w+)\s+(\w+)\s+\w+\s+(\w+) ?(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null && m[5] !== 'UND');
  // readelf shows a section symbol (empty name) by its section's name.
  const ours = image.symbols.map((s) => `${s.type === 'section' && s.name === '' ? s.section : s.name} ${s.value.toString(16)} ${s.size} ${s.type} ${s.binding}`).sort();
  const theirs = symLines.map((m) => `${m[6]} ${m[1]!.replace(/^0+(?=.)/, '')} ${m[2]} ${m[3]!.toLowerCase()} ${m[4]!.toLowerCase()}`).sort();
  expect(ours).toEqual(theirs);
  expect(ours.length).toBeGreaterThan(3);
}

describe.skipIf(!gcc)('ELF reader on executables built by riscv64-unknown-elf-gcc (interop)', () => {
  it('reads a static -nostdlib C program with data, bss and rodata like readelf does', () => {
    const dir = tempDir('elfr');
    writeFileSync(
      join(dir, 'prog.c'),
      `int counter = 3; int table[64]; const char msg[] = "hello";
       __attribute__((noinline)) static int helper(int x) { return x * counter + msg[x & 3]; }
       void _start(void) { for (int i = 0; i < 64; i++) table[i] = helper(i); for (;;) {} }`,
    );
    runOk('riscv64-unknown-elf-gcc', [MARCH, MABI, '-O1', '-g', '-static', '-nostdlib', '-o', join(dir, 'prog.elf'), join(dir, 'prog.c')]);
    const path = join(dir, 'prog.elf');
    const image = readElf(readFileSync(path));
    compareWithReadelf(path, image);
    expect(image.symbols.find((s) => s.name === 'helper')?.binding).toBe('local');
    expect(image.sections.find((s) => s.name === '.bss')?.kind).toBe('nobits');
  });

  it('reads an executable linked by ld from assembly', () => {
    const dir = tempDir('elfr');
    writeFileSync(join(dir, 'a.s'), '.globl _start\n_start: la a0, v\n lw a0, 0(a0)\n 1: j 1b\n.data\nv: .word 7\n');
    runOk('riscv64-unknown-elf-gcc', [MARCH, MABI, '-nostdlib', '-static', '-o', join(dir, 'a.elf'), join(dir, 'a.s')]);
    const path = join(dir, 'a.elf');
    compareWithReadelf(path, readElf(readFileSync(path)));
  });
});
