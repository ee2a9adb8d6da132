// The ELF reader: ELF32 little-endian RISC-V executables (ours and GNU ld's) into an ElfImage.
// Fixed-size records (file header, program and section headers, symbols) are decoded with
// binary-parser; every offset and size is checked against the file first, so a truncated or
// inconsistent file gets an ElfFormatError naming the problem and the file offset, never a
// RangeError from deep inside.

import { Parser } from 'binary-parser';
import {
  ELF_HEADER_SIZE, ELFCLASS32, ELFCLASS64, ELFDATA2LSB, ELFDATA2MSB, EM_RISCV, ET_EXEC,
  PROGRAM_HEADER_SIZE, PT_LOAD, SECTION_HEADER_SIZE, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHN_ABS,
  SHN_LORESERVE, SHN_UNDEF, SHT_NOBITS, SHT_NULL, SHT_STRTAB, SHT_SYMTAB, SYMBOL_SIZE,
} from './constants';
import { parseDebugLine } from './dwarf';
import {
  ElfFormatError, type ElfImage, type ElfSection, type ElfSegment, type ElfSymbol, type LineEntry,
  type SymbolBinding, type SymbolType,
} from './types';

interface FileHeader {
  magic: number;
  elfClass: number;
  data: number;
  identVersion: number;
  type: number;
  machine: number;
  version: number;
  entry: number;
  phoff: number;
  shoff: number;
  flags: number;
  ehsize: number;
  phentsize: number;
  phnum: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

interface ProgramHeader {
  type: number;
  offset: number;
  vaddr: number;
  paddr: number;
  filesz: number;
  memsz: number;
  flags: number;
  align: number;
}

interface SectionHeader {
  name: number;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
}

interface RawSymbol {
  name: number;
  value: number;
  size: number;
  info: number;
  other: number;
  shndx: number;
}

const fileHeaderParser = new Parser()
  .endianness('little')
  .uint32be('magic')
  .uint8('elfClass')
  .uint8('data')
  .uint8('identVersion')
  .seek(9)
  .uint16('type')
  .uint16('machine')
  .uint32('version')
  .uint32('entry')
  .uint32('phoff')
  .uint32('shoff')
  .uint32('flags')
  .uint16('ehsize')
  .uint16('phentsize')
  .uint16('phnum')
  .uint16('shentsize')
  .uint16('shnum')
  .uint16('shstrndx');

const programHeaderParser = new Parser()
  .endianness('little')
  .uint32('type')
  .uint32('offset')
  .uint32('vaddr')
  .uint32('paddr')
  .uint32('filesz')
  .uint32('memsz')
  .uint32('flags')
  .uint32('align');

const sectionHeaderParser = new Parser()
  .endianness('little')
  .uint32('name')
  .uint32('type')
  .uint32('flags')
  .uint32('addr')
  .uint32('offset')
  .uint32('size')
  .uint32('link')
  .uint32('info')
  .uint32('addralign')
  .uint32('entsize');

const symbolParser = new Parser()
  .endianness('little')
  .uint32('name')
  .uint32('value')
  .uint32('size')
  .uint8('info')
  .uint8('other')
  .uint16('shndx');

const ELF_MAGIC = 0x7f454c46;
const BINDINGS: Record<number, SymbolBinding> = { 0: 'local', 1: 'global', 2: 'weak' };
const TYPES: Record<number, SymbolType> = { 0: 'notype', 1: 'object', 2: 'func', 3: 'section', 4: 'file' };
const MACHINES: Record<number, string> = { 3: 'x86', 40: 'ARM', 62: 'x86-64', 183: 'AArch64', 8: 'MIPS', 20: 'PowerPC' };

const hex = (n: number): string => `0x${n.toString(16)}`;

function fail(message: string, offset: number | undefined): never {
  throw new ElfFormatError(message, offset);
}

/** Checks that [offset, offset+size) lies inside the file. */
function checkRange(bytes: Uint8Array, offset: number, size: number, what: string, fieldOffset: number): void {
  if (offset + size > bytes.length) {
    fail(
      `${what} (file offset ${hex(offset)}, ${size} bytes) extends beyond the end of the file (${bytes.length} bytes)`,
      fieldOffset,
    );
  }
}

function parseAt<T>(parser: Parser, bytes: Uint8Array, offset: number, size: number): T {
  return parser.parse(bytes.subarray(offset, offset + size)) as T;
}

/** A NUL-terminated string inside a string table section. */
function stringAt(bytes: Uint8Array, table: SectionHeader, index: number, what: string, fieldOffset: number): string {
  if (index >= table.size) {
    fail(`${what}: name offset ${index} is outside its string table (${table.size} bytes)`, fieldOffset);
  }
  const start = table.offset + index;
  const end = table.offset + table.size;
  let i = start;
  while (i < end && bytes[i] !== 0) i++;
  if (i === end) fail(`${what}: name at string table offset ${index} is not NUL-terminated`, start);
  return new TextDecoder().decode(bytes.subarray(start, i));
}

function readHeader(bytes: Uint8Array): FileHeader {
  if (bytes.length < 4 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    fail(bytes.length < 4 ? `not an ELF file: only ${bytes.length} bytes` : 'not an ELF file: no \\x7fELF magic number', 0);
  }
  if (bytes.length < 16) fail(`truncated ELF identification: ${bytes.length} of 16 bytes`, bytes.length);
  const elfClass = bytes[4]!;
  if (elfClass === ELFCLASS64) fail('ELF64 file: gpesim loads 32-bit (ELFCLASS32) RISC-V executables only', 4);
  if (elfClass !== ELFCLASS32) fail(`unknown ELF class ${elfClass}`, 4);
  const data = bytes[5]!;
  if (data === ELFDATA2MSB) fail('big-endian ELF file: RISC-V executables are little-endian', 5);
  if (data !== ELFDATA2LSB) fail(`unknown ELF data encoding ${data}`, 5);
  if (bytes.length < ELF_HEADER_SIZE) {
    fail(`truncated ELF header: ${bytes.length} of ${ELF_HEADER_SIZE} bytes`, bytes.length);
  }
  const h = parseAt<FileHeader>(fileHeaderParser, bytes, 0, ELF_HEADER_SIZE);
  if (h.magic !== ELF_MAGIC) fail('not an ELF file: no \\x7fELF magic number', 0);
  if (h.machine !== EM_RISCV) {
    const name = MACHINES[h.machine];
    fail(`ELF machine ${h.machine}${name ? ` (${name})` : ''} is not RISC-V (${EM_RISCV})`, 18);
  }
  if (h.type !== ET_EXEC) {
    const kinds: Record<number, string> = { 0: 'ET_NONE', 1: 'a relocatable object (ET_REL): link it first', 3: 'a shared object or PIE (ET_DYN)', 4: 'a core file' };
    fail(`ELF type ${h.type} is ${kinds[h.type] ?? 'unknown'}; gpesim loads static executables (ET_EXEC)`, 16);
  }
  if (h.version !== 1 || h.identVersion !== 1) fail(`unsupported ELF version ${h.version}`, h.identVersion !== 1 ? 6 : 20);
  if (h.ehsize !== ELF_HEADER_SIZE) fail(`ELF header size ${h.ehsize} is not ${ELF_HEADER_SIZE}`, 40);
  if (h.phnum > 0 && h.phentsize !== PROGRAM_HEADER_SIZE) {
    fail(`program header entry size ${h.phentsize} is not ${PROGRAM_HEADER_SIZE}`, 42);
  }
  if (h.shnum > 0 && h.shentsize !== SECTION_HEADER_SIZE) {
    fail(`section header entry size ${h.shentsize} is not ${SECTION_HEADER_SIZE}`, 46);
  }
  if (h.shnum === 0 && h.shoff !== 0) fail('extended section numbering (e_shnum = 0) is not supported', 48);
  return h;
}

function readSegments(bytes: Uint8Array, h: FileHeader): ElfSegment[] {
  checkRange(bytes, h.phoff, h.phnum * PROGRAM_HEADER_SIZE, 'program header table', 28);
  const segments: ElfSegment[] = [];
  for (let i = 0; i < h.phnum; i++) {
    const at = h.phoff + i * PROGRAM_HEADER_SIZE;
    const p = parseAt<ProgramHeader>(programHeaderParser, bytes, at, PROGRAM_HEADER_SIZE);
    if (p.type !== PT_LOAD) continue;
    checkRange(bytes, p.offset, p.filesz, `segment ${i} (PT_LOAD)`, at + 4);
    if (p.filesz > p.memsz) fail(`segment ${i}: file size ${hex(p.filesz)} exceeds memory size ${hex(p.memsz)}`, at + 16);
    if (p.vaddr + p.memsz > 0x1_0000_0000) fail(`segment ${i}: ${hex(p.vaddr)} + ${hex(p.memsz)} wraps around the 32-bit address space`, at + 8);
    segments.push({
      virtualAddress: p.vaddr,
      fileBytes: bytes.slice(p.offset, p.offset + p.filesz),
      memorySize: p.memsz,
      flags: { read: (p.flags & 4) !== 0, write: (p.flags & 2) !== 0, exec: (p.flags & 1) !== 0 },
    });
  }
  return segments;
}

/** Section types that hold metadata rather than program bytes; kept out of ElfImage.sections. */
const METADATA_TYPES = new Set([SHT_NULL, SHT_SYMTAB, SHT_STRTAB, 4 /* RELA */, 9 /* REL */, 11 /* DYNSYM */, 17 /* GROUP */, 18 /* SYMTAB_SHNDX */]);

interface SectionTable {
  readonly headers: readonly SectionHeader[];
  readonly names: readonly string[];
}

function readSectionTable(bytes: Uint8Array, h: FileHeader): SectionTable {
  if (h.shnum === 0) return { headers: [], names: [] };
  checkRange(bytes, h.shoff, h.shnum * SECTION_HEADER_SIZE, 'section header table', 32);
  const headers: SectionHeader[] = [];
  for (let i = 0; i < h.shnum; i++) {
    const at = h.shoff + i * SECTION_HEADER_SIZE;
    const s = parseAt<SectionHeader>(sectionHeaderParser, bytes, at, SECTION_HEADER_SIZE);
    if (s.type !== SHT_NOBITS && s.type !== SHT_NULL) checkRange(bytes, s.offset, s.size, `section ${i}`, at + 16);
    if (s.addr + (s.flags & SHF_ALLOC ? s.size : 0) > 0x1_0000_0000) {
      fail(`section ${i}: ${hex(s.addr)} + ${hex(s.size)} wraps around the 32-bit address space`, at + 12);
    }
    headers.push(s);
  }
  if (h.shstrndx === SHN_UNDEF || h.shstrndx >= h.shnum) {
    fail(`section name table index ${h.shstrndx} is not a section (there are ${h.shnum})`, 50);
  }
  const shstr = headers[h.shstrndx]!;
  if (shstr.type !== SHT_STRTAB) fail(`section name table (section ${h.shstrndx}) is not a string table`, 50);
  const names = headers.map((s, i) =>
    i === 0 ? '' : stringAt(bytes, shstr, s.name, `section ${i}`, h.shoff + i * SECTION_HEADER_SIZE),
  );
  return { headers, names };
}

function readSections(bytes: Uint8Array, table: SectionTable): ElfSection[] {
  const sections: ElfSection[] = [];
  table.headers.forEach((s, i) => {
    if (METADATA_TYPES.has(s.type)) return;
    const nobits = s.type === SHT_NOBITS;
    sections.push({
      name: table.names[i]!,
      kind: nobits ? 'nobits' : 'progbits',
      address: s.addr,
      size: s.size,
      data: nobits ? new Uint8Array(0) : bytes.slice(s.offset, s.offset + s.size),
      flags: { alloc: (s.flags & SHF_ALLOC) !== 0, write: (s.flags & SHF_WRITE) !== 0, exec: (s.flags & SHF_EXECINSTR) !== 0 },
      alignment: s.addralign,
    });
  });
  return sections;
}

function readSymbols(bytes: Uint8Array, h: FileHeader, table: SectionTable): ElfSymbol[] {
  const symbols: ElfSymbol[] = [];
  table.headers.forEach((s, i) => {
    if (s.type !== SHT_SYMTAB) return;
    const headerAt = h.shoff + i * SECTION_HEADER_SIZE;
    if (s.entsize !== SYMBOL_SIZE) fail(`symbol table (section ${i}) entry size ${s.entsize} is not ${SYMBOL_SIZE}`, headerAt + 36);
    if (s.size % SYMBOL_SIZE !== 0) fail(`symbol table (section ${i}) size ${s.size} is not a multiple of ${SYMBOL_SIZE}`, headerAt + 20);
    const strtab = table.headers[s.link];
    if (s.link === 0 || strtab === undefined || strtab.type !== SHT_STRTAB) {
      fail(`symbol table (section ${i}) links to section ${s.link}, which is not a string table`, headerAt + 24);
    }
    for (let k = 1; k < s.size / SYMBOL_SIZE; k++) {
      const at = s.offset + k * SYMBOL_SIZE;
      const raw = parseAt<RawSymbol>(symbolParser, bytes, at, SYMBOL_SIZE);
      const name = stringAt(bytes, strtab, raw.name, `symbol ${k}`, at);
      if (raw.shndx === SHN_UNDEF) continue; // undefined (weak) references have no address
      let section: string | undefined;
      if (raw.shndx < SHN_LORESERVE) {
        if (raw.shndx >= table.headers.length) fail(`symbol ${k} (${name}) is in section ${raw.shndx}, which does not exist`, at + 14);
        section = table.names[raw.shndx];
      } else if (raw.shndx !== SHN_ABS) {
        continue; // SHN_COMMON and other reserved indices do not occur in executables
      }
      symbols.push({
        name,
        value: raw.value,
        size: raw.size,
        binding: BINDINGS[raw.info >> 4] ?? 'global',
        type: TYPES[raw.info & 15] ?? 'notype',
        section,
      });
    }
  });
  return symbols;
}

/** Reads an ELF32 little-endian RISC-V executable; throws ElfFormatError for anything else. */
export function readElf(bytes: Uint8Array): ElfImage {
  try {
    const h = readHeader(bytes);
    const segments = readSegments(bytes, h);
    const table = readSectionTable(bytes, h);
    const sections = readSections(bytes, table);
    const symbols = readSymbols(bytes, h, table);
    let lines: LineEntry[] = [];
    const debugLine = table.names.indexOf('.debug_line');
    if (debugLine > 0 && table.headers[debugLine]!.type !== SHT_NOBITS) {
      const contents = (name: string): Uint8Array | undefined => {
        const i = table.names.indexOf(name);
        if (i <= 0 || table.headers[i]!.type === SHT_NOBITS) return undefined;
        const h = table.headers[i]!;
        return bytes.subarray(h.offset, h.offset + h.size);
      };
      lines = parseDebugLine(contents('.debug_line')!, table.headers[debugLine]!.offset, {
        debugStr: contents('.debug_str'),
        debugLineStr: contents('.debug_line_str'),
      });
    }
    return { entry: h.entry, segments, sections, symbols, lines };
  } catch (error) {
    if (error instanceof ElfFormatError) throw error;
    // Every bound is checked above; this only turns a reader bug into a clean message.
    throw new ElfFormatError(`malformed ELF file: ${(error as Error).message}`, undefined);
  }
}
