// The ELF writer: turns laid-out sections and symbols into an ELF32 little-endian RISC-V
// executable shaped the way GNU ld (binutils 2.40, default script, -m elf32lriscv) shapes one:
//
//   offset 0        ELF header, program headers (PT_RISCV_ATTRIBUTES, PT_LOAD R+X, PT_LOAD R+W)
//   offset 0x74/94  .text (and other read-only alloc sections): first PT_LOAD maps the file
//                   from offset 0 at vaddr 0x10000, so the headers are part of the text segment
//   ...             .data/.bss: second PT_LOAD, file offset congruent to its vaddr mod 0x1000
//   ...             .riscv.attributes, .debug_info/.debug_abbrev/.debug_line (when given
//                   source lines), .symtab, .strtab, .shstrtab
//   end             section header table
//
// A pure function over readonly data; bad input (overlapping sections, a symbol in an unknown
// section) is a bug of the caller and throws an Error saying which.

import {
  EF_RISCV_FLOAT_ABI_SINGLE, ELF_HEADER_SIZE, ELFCLASS32, ELFDATA2LSB, EM_RISCV, ET_EXEC,
  EV_CURRENT, PAGE_SIZE, PF_R, PF_W, PF_X, PROGRAM_HEADER_SIZE, PT_LOAD, PT_RISCV_ATTRIBUTES,
  RISCV_ARCH_ATTRIBUTE, SECTION_HEADER_SIZE, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHN_ABS,
  SHT_NOBITS, SHT_PROGBITS, SHT_RISCV_ATTRIBUTES, SHT_STRTAB, SHT_SYMTAB, STB_GLOBAL, STB_LOCAL,
  STB_WEAK, STT_FILE, STT_FUNC, STT_NOTYPE, STT_OBJECT, STT_SECTION, SYMBOL_SIZE,
  TEXT_SEGMENT_BASE,
} from './constants';
import { buildDebugSections } from './dwarf';
import type { ElfSection, ElfSymbol, ElfWriteInput, SymbolBinding, SymbolType } from './types';

/**
 * The address GNU ld gives the first text section: 0x10000 plus the ELF header and the program
 * headers (PT_RISCV_ATTRIBUTES, the text PT_LOAD and, when there is writable data or .bss, the
 * data PT_LOAD). 0x10074 without data, 0x10094 with.
 */
export function firstSectionAddress(hasWritableSections: boolean): number {
  return TEXT_SEGMENT_BASE + ELF_HEADER_SIZE + PROGRAM_HEADER_SIZE * (hasWritableSections ? 3 : 2);
}

/**
 * Where GNU ld's DATA_SEGMENT_ALIGN puts the data segment after read-only sections ending at
 * `textEnd`: the next page plus the same offset within the page. When the data segment's memory
 * size (`dataSize`, .data through .bss) is given, ld's page-saving rule applies too: if starting
 * on the page boundary instead makes the segment span one page less, ld starts it there
 * (ldlang.c lang_size_segment). The caller then aligns the first data section.
 */
export function dataSegmentAddress(textEnd: number, dataSize = 0): number {
  const pageStart = alignUp(textEnd, PAGE_SIZE);
  const base = pageStart + (textEnd & (PAGE_SIZE - 1));
  const end = base + dataSize;
  const first = (PAGE_SIZE - (base & (PAGE_SIZE - 1))) & (PAGE_SIZE - 1);
  const last = end & (PAGE_SIZE - 1);
  const pageOf = (a: number) => a - (a & (PAGE_SIZE - 1));
  if (first !== 0 && last !== 0 && pageOf(base) !== pageOf(end) && first + last <= PAGE_SIZE) return pageStart;
  return base;
}

function alignUp(value: number, alignment: number): number {
  if (alignment <= 1) return value;
  return Math.ceil(value / alignment) * alignment;
}

/** A growable little-endian byte buffer. */
class ByteWriter {
  private buffer = new Uint8Array(4096);
  private view = new DataView(this.buffer.buffer);
  length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }
  u8(v: number): void {
    this.ensure(1);
    this.buffer[this.length++] = v & 0xff;
  }
  u16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.length, v, true);
    this.length += 2;
  }
  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, v >>> 0, true);
    this.length += 4;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buffer.set(b, this.length);
    this.length += b.length;
  }
  padTo(offset: number): void {
    if (offset < this.length) throw new Error(`ELF writer: layout overlap at file offset 0x${offset.toString(16)}`);
    this.ensure(offset - this.length);
    this.buffer.fill(0, this.length, offset);
    this.length = offset;
  }
  patchU32(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0, true);
  }
  result(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

/** A string table: NUL first, each distinct string once. */
class StringTable {
  private readonly offsets = new Map<string, number>([['', 0]]);
  private readonly parts: Uint8Array[] = [new Uint8Array(1)];
  private size = 1;
  private readonly encoder = new TextEncoder();

  add(s: string): number {
    const known = this.offsets.get(s);
    if (known !== undefined) return known;
    const bytes = this.encoder.encode(s);
    const offset = this.size;
    const withNul = new Uint8Array(bytes.length + 1);
    withNul.set(bytes);
    this.parts.push(withNul);
    this.size += withNul.length;
    this.offsets.set(s, offset);
    return offset;
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/** The .riscv.attributes contents GNU as writes for rv32imaf_zicsr_zifencei (Tag_RISCV_arch). */
function riscvAttributes(): Uint8Array {
  const arch = new TextEncoder().encode(RISCV_ARCH_ATTRIBUTE);
  const fileAttrs = 1 + 4 + 1 + arch.length + 1; // Tag_File, size, Tag_RISCV_arch, string, NUL
  const vendor = 4 + 'riscv'.length + 1 + fileAttrs; // size, "riscv\0", Tag_File subsection
  const w = new ByteWriter();
  w.u8(0x41); // 'A': format version
  w.u32(vendor);
  w.bytes(new TextEncoder().encode('riscv'));
  w.u8(0);
  w.u8(1); // Tag_File
  w.u32(fileAttrs);
  w.u8(5); // Tag_RISCV_arch
  w.bytes(arch);
  w.u8(0);
  return w.result();
}

interface PlannedSection {
  readonly name: string;
  readonly type: number;
  readonly flags: number;
  readonly address: number;
  readonly data: Uint8Array;
  /** For nobits: the memory size; otherwise data.length. */
  readonly size: number;
  readonly alignment: number;
  readonly link: number;
  readonly info: number;
  readonly entrySize: number;
  offset: number;
}

interface PlannedSegment {
  readonly type: number;
  readonly offset: number;
  readonly vaddr: number;
  readonly fileSize: number;
  readonly memSize: number;
  readonly flags: number;
  readonly align: number;
}

const BINDINGS: Record<SymbolBinding, number> = { local: STB_LOCAL, global: STB_GLOBAL, weak: STB_WEAK };
const TYPES: Record<SymbolType, number> = {
  notype: STT_NOTYPE, object: STT_OBJECT, func: STT_FUNC, section: STT_SECTION, file: STT_FILE,
};

function sectionFlags(s: ElfSection): number {
  return (s.flags.alloc ? SHF_ALLOC : 0) | (s.flags.write ? SHF_WRITE : 0) | (s.flags.exec ? SHF_EXECINSTR : 0);
}

function checkSection(s: ElfSection): void {
  const hex = (n: number) => `0x${n.toString(16)}`;
  if (s.kind === 'progbits' && s.data.length !== s.size) {
    throw new Error(`ELF writer: section ${s.name} has size ${s.size} but ${s.data.length} data bytes`);
  }
  if (!Number.isInteger(s.address) || s.address < 0 || s.address + s.size > 0x1_0000_0000) {
    throw new Error(`ELF writer: section ${s.name} at ${hex(s.address)} does not fit in 32 bits`);
  }
}

/** Writes an ELF32 RISC-V executable; see the file comment for the layout. */
export function writeElf(input: ElfWriteInput): Uint8Array {
  for (const s of input.sections) checkSection(s);
  const alloc = input.sections.filter((s) => s.flags.alloc).slice().sort((a, b) => a.address - b.address);
  for (let i = 1; i < alloc.length; i++) {
    const prev = alloc[i - 1]!;
    const cur = alloc[i]!;
    if (prev.address + prev.size > cur.address && cur.size > 0 && prev.size > 0) {
      throw new Error(`ELF writer: sections ${prev.name} and ${cur.name} overlap`);
    }
  }
  const readOnly = alloc.filter((s) => !s.flags.write);
  const writable = alloc.filter((s) => s.flags.write);
  const phnum = 1 + (readOnly.length > 0 ? 1 : 0) + (writable.length > 0 ? 1 : 0);
  const headersEnd = ELF_HEADER_SIZE + PROGRAM_HEADER_SIZE * phnum;

  const planned: PlannedSection[] = [];
  const segments: PlannedSegment[] = [];
  const plan = (
    s: Pick<PlannedSection, 'name' | 'type' | 'flags' | 'address' | 'data' | 'size' | 'alignment'> &
      Partial<Pick<PlannedSection, 'link' | 'info' | 'entrySize'>>,
  ): PlannedSection => {
    const p: PlannedSection = { link: 0, info: 0, entrySize: 0, ...s, offset: 0 };
    planned.push(p);
    return p;
  };
  const planInput = (s: ElfSection): PlannedSection =>
    plan({
      name: s.name,
      type: s.kind === 'nobits' ? SHT_NOBITS : s.name === '.riscv.attributes' ? SHT_RISCV_ATTRIBUTES : SHT_PROGBITS,
      flags: sectionFlags(s),
      address: s.address,
      data: s.kind === 'nobits' ? new Uint8Array(0) : s.data,
      size: s.size,
      alignment: Math.max(1, s.alignment),
    });

  let cursor = headersEnd;
  if (readOnly.length > 0) {
    const first = readOnly[0]!.address;
    const page = first - (first % PAGE_SIZE);
    // Like ld: map the headers too when the text starts after them in its first page.
    const vaddr = first - page >= headersEnd ? page : first;
    const offset = vaddr === page ? 0 : alignUp(headersEnd, PAGE_SIZE) + (first % PAGE_SIZE);
    let end = vaddr;
    for (const s of readOnly) {
      const p = planInput(s);
      p.offset = offset + (s.address - vaddr);
      if (s.kind === 'nobits') throw new Error(`ELF writer: nobits section ${s.name} must be writable`);
      end = Math.max(end, s.address + s.size);
    }
    segments.push({
      type: PT_LOAD, offset, vaddr, fileSize: end - vaddr, memSize: end - vaddr, flags: PF_R | PF_X, align: PAGE_SIZE,
    });
    cursor = offset + (end - vaddr);
  }
  if (writable.length > 0) {
    // As BFD assigns file positions: the segment starts at the first offset >= the current one
    // that is congruent to its address; progbits sit at their address offset; a nobits section
    // gets the file position reached so far (it takes no space). A segment without file bytes
    // has p_offset = vaddr mod page and does not move the file position.
    const vaddr = writable[0]!.address;
    const offset = cursor + ((((vaddr - cursor) % PAGE_SIZE) + PAGE_SIZE) % PAGE_SIZE);
    let filePosition = offset;
    let fileEnd = vaddr;
    let memEnd = vaddr;
    for (const s of writable) {
      const p = planInput(s);
      if (s.kind === 'nobits') {
        p.offset = filePosition;
      } else {
        if (memEnd > fileEnd && s.size > 0) {
          throw new Error(`ELF writer: progbits section ${s.name} follows a nobits section in the data segment`);
        }
        p.offset = offset + (s.address - vaddr);
        fileEnd = s.address + s.size;
        filePosition = offset + (fileEnd - vaddr);
      }
      memEnd = Math.max(memEnd, s.address + s.size);
    }
    const fileSize = fileEnd - vaddr;
    segments.push({
      type: PT_LOAD,
      offset: fileSize > 0 ? offset : vaddr % PAGE_SIZE,
      vaddr,
      fileSize,
      memSize: memEnd - vaddr,
      flags: PF_R | PF_W,
      align: PAGE_SIZE,
    });
    if (fileSize > 0) cursor = offset + fileSize;
  }

  const place = (p: PlannedSection): void => {
    cursor = alignUp(cursor, p.alignment);
    p.offset = cursor;
    cursor += p.data.length;
  };
  for (const s of input.sections.filter((x) => !x.flags.alloc)) place(planInput(s));
  if (!input.sections.some((s) => s.name === '.riscv.attributes')) {
    const attrs = riscvAttributes();
    const p = plan({
      name: '.riscv.attributes', type: SHT_RISCV_ATTRIBUTES, flags: 0, address: 0, data: attrs, size: attrs.length, alignment: 1,
    });
    place(p);
    segments.unshift({
      type: PT_RISCV_ATTRIBUTES, offset: p.offset, vaddr: 0, fileSize: attrs.length, memSize: 0, flags: PF_R, align: 1,
    });
  } else {
    // The caller brought its own attributes section: keep the program header count we reserved.
    const p = planned.find((x) => x.name === '.riscv.attributes')!;
    segments.unshift({
      type: PT_RISCV_ATTRIBUTES, offset: p.offset, vaddr: 0, fileSize: p.size, memSize: 0, flags: PF_R, align: 1,
    });
  }
  if (input.lines && input.lines.length > 0) {
    const code = readOnly.filter((s) => s.flags.exec);
    for (const d of buildDebugSections(input.lines, code, input.compilationDirectory)) {
      place(plan({ name: d.name, type: SHT_PROGBITS, flags: 0, address: 0, data: d.data, size: d.data.length, alignment: 1 }));
    }
  }

  // Section indices: 0 is the null section, planned sections follow in order.
  const indexOf = new Map<string, number>();
  planned.forEach((p, i) => {
    if (!indexOf.has(p.name)) indexOf.set(p.name, i + 1);
  });

  // Symbol table: the null symbol, locals, then globals and weaks (sh_info = first non-local).
  const strtab = new StringTable();
  const symbols = [
    ...input.symbols.filter((s) => s.binding === 'local'),
    ...input.symbols.filter((s) => s.binding !== 'local'),
  ];
  const sym = new ByteWriter();
  for (let i = 0; i < SYMBOL_SIZE; i++) sym.u8(0);
  for (const s of symbols) writeSymbol(sym, s, strtab, indexOf);
  const firstGlobal = 1 + input.symbols.filter((s) => s.binding === 'local').length;
  const symtabIndex = planned.length + 1;
  const symtab = plan({
    name: '.symtab', type: SHT_SYMTAB, flags: 0, address: 0, data: sym.result(), size: sym.length,
    alignment: 4, link: symtabIndex + 1, info: firstGlobal, entrySize: SYMBOL_SIZE,
  });
  place(symtab);
  const strBytes = strtab.bytes();
  place(plan({ name: '.strtab', type: SHT_STRTAB, flags: 0, address: 0, data: strBytes, size: strBytes.length, alignment: 1 }));

  const shstrtab = new StringTable();
  const nameOffsets = planned.map((p) => shstrtab.add(p.name));
  const shstrName = shstrtab.add('.shstrtab');
  const shstrBytes = shstrtab.bytes();
  const shstr = plan({
    name: '.shstrtab', type: SHT_STRTAB, flags: 0, address: 0, data: shstrBytes, size: shstrBytes.length, alignment: 1,
  });
  nameOffsets.push(shstrName);
  place(shstr);

  const shoff = alignUp(cursor, 4);
  const shnum = planned.length + 1;

  // Emit.
  const w = new ByteWriter();
  w.bytes(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, ELFCLASS32, ELFDATA2LSB, EV_CURRENT, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
  w.u16(ET_EXEC);
  w.u16(EM_RISCV);
  w.u32(EV_CURRENT);
  w.u32(input.entry);
  w.u32(ELF_HEADER_SIZE); // e_phoff
  w.u32(shoff);
  w.u32(EF_RISCV_FLOAT_ABI_SINGLE);
  w.u16(ELF_HEADER_SIZE);
  w.u16(PROGRAM_HEADER_SIZE);
  w.u16(segments.length);
  w.u16(SECTION_HEADER_SIZE);
  w.u16(shnum);
  w.u16(shnum - 1); // .shstrtab is last
  for (const seg of segments) {
    w.u32(seg.type);
    w.u32(seg.offset);
    w.u32(seg.vaddr);
    w.u32(seg.vaddr); // p_paddr
    w.u32(seg.fileSize);
    w.u32(seg.memSize);
    w.u32(seg.flags);
    w.u32(seg.align);
  }
  const byOffset = planned.filter((p) => p.type !== SHT_NOBITS && p.data.length > 0).sort((a, b) => a.offset - b.offset);
  for (const p of byOffset) {
    w.padTo(p.offset);
    w.bytes(p.data);
  }
  w.padTo(Math.max(w.length, shoff));
  for (let i = 0; i < SECTION_HEADER_SIZE; i++) w.u8(0);
  planned.forEach((p, i) => {
    w.u32(nameOffsets[i]!);
    w.u32(p.type);
    w.u32(p.flags);
    w.u32(p.address);
    w.u32(p.offset);
    w.u32(p.size);
    w.u32(p.link);
    w.u32(p.info);
    w.u32(p.alignment);
    w.u32(p.entrySize);
  });
  return w.result();
}

function writeSymbol(w: ByteWriter, s: ElfSymbol, strtab: StringTable, indexOf: Map<string, number>): void {
  let shndx = SHN_ABS;
  if (s.section !== undefined) {
    const index = indexOf.get(s.section);
    if (index === undefined) throw new Error(`ELF writer: symbol ${s.name} is in unknown section ${s.section}`);
    shndx = index;
  }
  w.u32(strtab.add(s.name));
  w.u32(s.value);
  w.u32(s.size);
  w.u8((BINDINGS[s.binding] << 4) | TYPES[s.type]);
  w.u8(0); // st_other: STV_DEFAULT
  w.u16(shndx);
}
