// Source line information in DWARF: the writer emits a version 3 line program (.debug_line) and the
// one compile unit gdb needs to use it (.debug_info/.debug_abbrev, DW_TAG_compile_unit with
// DW_AT_stmt_list and low/high pc); the reader decodes line programs of versions 2 to 5, as GNU as
// and gcc write them, into LineEntry rows.

import type { ElfSection, LineEntry } from './types';
import { ElfFormatError } from './types';

// DWARF constants used here (DWARF 3 and 5 standards, section 6.2 and 7).
const DW_LNS_copy = 1;
const DW_LNS_advance_pc = 2;
const DW_LNS_advance_line = 3;
const DW_LNS_set_file = 4;
const DW_LNS_set_column = 5;
const DW_LNS_negate_stmt = 6;
const DW_LNS_set_basic_block = 7;
const DW_LNS_const_add_pc = 8;
const DW_LNS_fixed_advance_pc = 9;
const DW_LNS_set_prologue_end = 10;
const DW_LNS_set_epilogue_begin = 11;
const DW_LNS_set_isa = 12;
const DW_LNE_end_sequence = 1;
const DW_LNE_set_address = 2;
const DW_LNE_define_file = 3;

const DW_TAG_compile_unit = 0x11;
const DW_AT_name = 0x03;
const DW_AT_stmt_list = 0x10;
const DW_AT_low_pc = 0x11;
const DW_AT_high_pc = 0x12;
const DW_AT_language = 0x13;
const DW_AT_comp_dir = 0x1b;
const DW_AT_producer = 0x25;
const DW_FORM_addr = 0x01;
const DW_FORM_data2 = 0x05;
const DW_FORM_data4 = 0x06;
const DW_FORM_string = 0x08;
const DW_LANG_Mips_Assembler = 0x8001;

const LINE_BASE = -5;
const LINE_RANGE = 14;
const OPCODE_BASE = 13;
/** Operand counts of standard opcodes 1..12 (copy, advance_pc, ... set_isa). */
const STANDARD_OPCODE_LENGTHS = [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1];

class Bytes {
  readonly out: number[] = [];
  u8(v: number): void {
    this.out.push(v & 0xff);
  }
  u16(v: number): void {
    this.u8(v);
    this.u8(v >>> 8);
  }
  u32(v: number): void {
    this.u16(v & 0xffff);
    this.u16(v >>> 16);
  }
  patchU32(at: number, v: number): void {
    for (let i = 0; i < 4; i++) this.out[at + i] = (v >>> (8 * i)) & 0xff;
  }
  uleb(v: number): void {
    let x = v;
    do {
      let b = x % 128;
      x = Math.floor(x / 128);
      if (x !== 0) b |= 0x80;
      this.u8(b);
    } while (x !== 0);
  }
  sleb(v: number): void {
    let x = v;
    for (;;) {
      const b = x & 0x7f;
      x >>= 7;
      const done = (x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0);
      this.u8(done ? b : b | 0x80);
      if (done) return;
    }
  }
  string(s: string): void {
    for (const b of new TextEncoder().encode(s)) this.u8(b);
    this.u8(0);
  }
  get length(): number {
    return this.out.length;
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

export interface DebugSection {
  readonly name: string;
  readonly data: Uint8Array;
}

/**
 * The .debug_line, .debug_info and .debug_abbrev contents for `lines`. Rows are grouped into one
 * sequence per code section (rows outside every section get their own 4-byte sequence).
 */
export function buildDebugSections(
  lines: readonly LineEntry[],
  code: readonly ElfSection[],
  compilationDirectory?: string,
): DebugSection[] {
  const rows = [...lines].sort((a, b) => a.address - b.address || 0);
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  for (const r of rows) {
    if (!fileIndex.has(r.file)) {
      files.push(r.file);
      fileIndex.set(r.file, files.length); // DWARF 3 file numbers start at 1
    }
  }

  // Sequences: the rows of each code section end at the section's end.
  const sequences: { rows: LineEntry[]; end: number }[] = [];
  for (const r of rows) {
    const section = code.find((s) => r.address >= s.address && r.address < s.address + s.size);
    const end = section ? section.address + section.size : r.address + 4;
    const last = sequences[sequences.length - 1];
    if (last && last.end === end && section) last.rows.push(r);
    else sequences.push({ rows: [r], end });
  }

  const line = new Bytes();
  line.u32(0); // unit_length, patched below
  line.u16(3); // version
  line.u32(0); // header_length, patched below
  const headerStart = line.length;
  line.u8(1); // minimum_instruction_length
  line.u8(1); // default_is_stmt
  line.u8(LINE_BASE & 0xff);
  line.u8(LINE_RANGE);
  line.u8(OPCODE_BASE);
  for (const n of STANDARD_OPCODE_LENGTHS) line.u8(n);
  line.u8(0); // include_directories: none (file names are as the assembler was given them)
  for (const f of files) {
    line.string(f);
    line.uleb(0); // directory: the compilation directory
    line.uleb(0); // modification time unknown
    line.uleb(0); // length unknown
  }
  line.u8(0);
  line.patchU32(6, line.length - headerStart);
  for (const seq of sequences) {
    let address = seq.rows[0]!.address;
    let file = 1;
    let lineNo = 1;
    line.u8(0);
    line.uleb(5);
    line.u8(DW_LNE_set_address);
    line.u32(address);
    for (const r of seq.rows) {
      const f = fileIndex.get(r.file)!;
      if (f !== file) {
        line.u8(DW_LNS_set_file);
        line.uleb(f);
        file = f;
      }
      if (r.line !== lineNo) {
        line.u8(DW_LNS_advance_line);
        line.sleb(r.line - lineNo);
        lineNo = r.line;
      }
      if (r.address !== address) {
        line.u8(DW_LNS_advance_pc);
        line.uleb(r.address - address);
        address = r.address;
      }
      line.u8(DW_LNS_copy);
    }
    if (seq.end > address) {
      line.u8(DW_LNS_advance_pc);
      line.uleb(seq.end - address);
    }
    line.u8(0);
    line.uleb(1);
    line.u8(DW_LNE_end_sequence);
  }
  line.patchU32(0, line.length - 4);

  const abbrev = new Bytes();
  abbrev.uleb(1);
  abbrev.uleb(DW_TAG_compile_unit);
  abbrev.u8(0); // DW_CHILDREN_no
  const attributes: [number, number][] = [
    [DW_AT_stmt_list, DW_FORM_data4],
    [DW_AT_low_pc, DW_FORM_addr],
    [DW_AT_high_pc, DW_FORM_addr],
    [DW_AT_name, DW_FORM_string],
    ...(compilationDirectory !== undefined ? [[DW_AT_comp_dir, DW_FORM_string] as [number, number]] : []),
    [DW_AT_producer, DW_FORM_string],
    [DW_AT_language, DW_FORM_data2],
  ];
  for (const [at, form] of attributes) {
    abbrev.uleb(at);
    abbrev.uleb(form);
  }
  abbrev.u8(0);
  abbrev.u8(0);
  abbrev.u8(0);

  const low = Math.min(...sequences.map((s) => s.rows[0]!.address));
  const high = Math.max(...sequences.map((s) => s.end));
  const info = new Bytes();
  info.u32(0);
  info.u16(3); // version
  info.u32(0); // debug_abbrev_offset
  info.u8(4); // address_size
  info.uleb(1);
  info.u32(0); // DW_AT_stmt_list: offset of our line program
  info.u32(low);
  info.u32(high);
  info.string(files[0] ?? '');
  if (compilationDirectory !== undefined) info.string(compilationDirectory);
  info.string('gpesim asm');
  info.u16(DW_LANG_Mips_Assembler);
  info.patchU32(0, info.length - 4);

  return [
    { name: '.debug_info', data: info.bytes() },
    { name: '.debug_abbrev', data: abbrev.bytes() },
    { name: '.debug_line', data: line.bytes() },
  ];
}

/** A bounds-checked little-endian cursor over a debug section. */
class Cursor {
  pos = 0;
  constructor(
    readonly data: Uint8Array,
    readonly base: number,
    readonly what: string,
  ) {}
  fail(message: string, at = this.pos): never {
    throw new ElfFormatError(`${this.what}: ${message}`, this.base + at);
  }
  need(n: number, end = this.data.length): void {
    if (this.pos + n > end) this.fail(`truncated (needs ${n} more bytes)`);
  }
  u8(end?: number): number {
    this.need(1, end);
    return this.data[this.pos++]!;
  }
  u16(end?: number): number {
    return this.u8(end) | (this.u8(end) << 8);
  }
  u32(end?: number): number {
    return (this.u16(end) | (this.u16(end) << 16)) >>> 0;
  }
  uleb(end?: number): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.u8(end);
      result += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) return result;
    }
    return this.fail('LEB128 number too long');
  }
  sleb(end?: number): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.u8(end);
      result += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) return (b & 0x40) !== 0 ? result - scale : result;
    }
    return this.fail('LEB128 number too long');
  }
  cstring(end?: number): string {
    const start = this.pos;
    const limit = end ?? this.data.length;
    while (this.pos < limit && this.data[this.pos] !== 0) this.pos++;
    if (this.pos >= limit) this.fail('unterminated string', start);
    const s = new TextDecoder().decode(this.data.subarray(start, this.pos));
    this.pos++;
    return s;
  }
}

/** String sections DWARF 5 line headers may point into. */
export interface DwarfStrings {
  readonly debugStr?: Uint8Array;
  readonly debugLineStr?: Uint8Array;
}

function stringAt(table: Uint8Array | undefined, offset: number, c: Cursor, form: string): string {
  if (!table || offset >= table.length) c.fail(`${form} offset ${offset} is outside its string section`);
  let end = offset;
  while (end < table.length && table[end] !== 0) end++;
  return new TextDecoder().decode(table.subarray(offset, end));
}

const DW_FORM = { block: 0x09, block1: 0x0a, data1: 0x0b, data2: 0x05, data4: 0x06, data8: 0x07, data16: 0x1e, string: 0x08, strp: 0x0e, line_strp: 0x1f, udata: 0x0f, strx: 0x1a, strx1: 0x25, strx2: 0x26, strx4: 0x28 } as const;
const DW_LNCT_path = 1;
const DW_LNCT_directory_index = 2;

/** Reads one attribute value of a DWARF 5 entry format; strings as strings, numbers as numbers. */
function readForm(c: Cursor, form: number, end: number, strings: DwarfStrings): string | number {
  switch (form) {
    case DW_FORM.string:
      return c.cstring(end);
    case DW_FORM.line_strp:
      return stringAt(strings.debugLineStr, c.u32(end), c, 'DW_FORM_line_strp');
    case DW_FORM.strp:
      return stringAt(strings.debugStr, c.u32(end), c, 'DW_FORM_strp');
    case DW_FORM.udata:
      return c.uleb(end);
    case DW_FORM.data1:
      return c.u8(end);
    case DW_FORM.data2:
      return c.u16(end);
    case DW_FORM.data4:
      return c.u32(end);
    case DW_FORM.data8:
      c.need(8, end);
      c.pos += 8;
      return 0;
    case DW_FORM.data16:
      c.need(16, end);
      c.pos += 16;
      return 0;
    case DW_FORM.block: {
      const n = c.uleb(end);
      c.need(n, end);
      c.pos += n;
      return 0;
    }
    default:
      return c.fail(`unsupported form 0x${form.toString(16)} in a line table header`);
  }
}

function joinPath(dir: string | undefined, name: string): string {
  if (!dir || name.startsWith('/')) return name;
  return `${dir.replace(/\/+$/, '')}/${name}`;
}

/**
 * Decodes every line program in a .debug_line section (`base` is its file offset, for error
 * messages) into rows sorted by address. End-of-sequence rows are not source lines and are left out.
 */
export function parseDebugLine(data: Uint8Array, base: number, strings: DwarfStrings = {}): LineEntry[] {
  const c = new Cursor(data, base, '.debug_line');
  const rows: LineEntry[] = [];
  while (c.pos < data.length) {
    const unitStart = c.pos;
    const unitLength = c.u32();
    if (unitLength === 0xffffffff) c.fail('64-bit DWARF is not supported', unitStart);
    const end = c.pos + unitLength;
    if (end > data.length) c.fail(`unit length ${unitLength} runs past the end of the section`, unitStart);
    const version = c.u16(end);
    if (version < 2 || version > 5) c.fail(`unsupported line table version ${version}`, c.pos - 2);
    if (version >= 5) {
      const addressSize = c.u8(end);
      c.u8(end); // segment_selector_size
      if (addressSize !== 4) c.fail(`address size ${addressSize} is not 4`, c.pos - 2);
    }
    const headerLength = c.u32(end);
    const programStart = c.pos + headerLength;
    if (programStart > end) c.fail(`header length ${headerLength} runs past the unit`, c.pos - 4);
    const minInstructionLength = c.u8(end);
    if (version >= 4) c.u8(end); // maximum_operations_per_instruction
    const defaultIsStmt = c.u8(end);
    void defaultIsStmt;
    const lineBase = (c.u8(end) << 24) >> 24;
    const lineRange = c.u8(end);
    const opcodeBase = c.u8(end);
    if (lineRange === 0) c.fail('line_range is 0', c.pos - 2);
    const opcodeLengths: number[] = [0];
    for (let i = 1; i < opcodeBase; i++) opcodeLengths.push(c.u8(end));

    const dirs: string[] = [];
    const files: { name: string; dir: number }[] = [];
    if (version >= 5) {
      const dirFormats: [number, number][] = [];
      const dirFormatCount = c.u8(end);
      for (let i = 0; i < dirFormatCount; i++) dirFormats.push([c.uleb(end), c.uleb(end)]);
      const dirCount = c.uleb(end);
      for (let i = 0; i < dirCount; i++) {
        let path = '';
        for (const [type, form] of dirFormats) {
          const v = readForm(c, form, end, strings);
          if (type === DW_LNCT_path && typeof v === 'string') path = v;
        }
        dirs.push(path);
      }
      const fileFormats: [number, number][] = [];
      const fileFormatCount = c.u8(end);
      for (let i = 0; i < fileFormatCount; i++) fileFormats.push([c.uleb(end), c.uleb(end)]);
      const fileCount = c.uleb(end);
      for (let i = 0; i < fileCount; i++) {
        let name = '';
        let dir = 0;
        for (const [type, form] of fileFormats) {
          const v = readForm(c, form, end, strings);
          if (type === DW_LNCT_path && typeof v === 'string') name = v;
          else if (type === DW_LNCT_directory_index && typeof v === 'number') dir = v;
        }
        files.push({ name, dir });
      }
    } else {
      dirs.push(''); // index 0: the compilation directory
      for (;;) {
        const d = c.cstring(programStart);
        if (d === '') break;
        dirs.push(d);
      }
      for (;;) {
        const name = c.cstring(programStart);
        if (name === '') break;
        const dir = c.uleb(programStart);
        c.uleb(programStart);
        c.uleb(programStart);
        files.push({ name, dir });
      }
    }
    // DWARF 5 numbers files from 0, earlier versions from 1.
    const fileName = (index: number): string => {
      const f = files[version >= 5 ? index : index - 1];
      if (!f) return `<file ${index}>`;
      return joinPath(dirs[f.dir], f.name);
    };

    c.pos = programStart;
    let address = 0;
    let file = 1;
    let line = 1;
    const reset = (): void => {
      address = 0;
      file = 1;
      line = 1;
    };
    const emit = (): void => {
      rows.push({ address: address >>> 0, file: fileName(file), line });
    };
    while (c.pos < end) {
      const op = c.u8(end);
      if (op >= opcodeBase) {
        const adjusted = op - opcodeBase;
        address += Math.floor(adjusted / lineRange) * minInstructionLength;
        line += lineBase + (adjusted % lineRange);
        emit();
        continue;
      }
      switch (op) {
        case 0: {
          const length = c.uleb(end);
          const opEnd = c.pos + length;
          if (length === 0 || opEnd > end) c.fail('bad extended opcode length');
          const sub = c.u8(end);
          if (sub === DW_LNE_end_sequence) reset();
          else if (sub === DW_LNE_set_address) {
            if (length !== 5) c.fail(`set_address with ${length - 1}-byte address`);
            address = c.u32(end);
          } else if (sub === DW_LNE_define_file) {
            const name = c.cstring(opEnd);
            const dir = c.uleb(opEnd);
            files.push({ name, dir });
          }
          c.pos = opEnd;
          break;
        }
        case DW_LNS_copy:
          emit();
          break;
        case DW_LNS_advance_pc:
          address += c.uleb(end) * minInstructionLength;
          break;
        case DW_LNS_advance_line:
          line += c.sleb(end);
          break;
        case DW_LNS_set_file:
          file = c.uleb(end);
          break;
        case DW_LNS_const_add_pc:
          address += Math.floor((255 - opcodeBase) / lineRange) * minInstructionLength;
          break;
        case DW_LNS_fixed_advance_pc:
          address += c.u16(end);
          break;
        case DW_LNS_set_column:
        case DW_LNS_negate_stmt:
        case DW_LNS_set_basic_block:
        case DW_LNS_set_prologue_end:
        case DW_LNS_set_epilogue_begin:
        case DW_LNS_set_isa:
        default:
          // Operands we do not need: skip as many LEB128 numbers as the header says.
          for (let i = 0; i < (opcodeLengths[op] ?? 0); i++) c.uleb(end);
          break;
      }
    }
    c.pos = end;
  }
  return rows.map((r, i) => ({ r, i })).sort((a, b) => a.r.address - b.r.address || a.i - b.i).map((x) => x.r);
}
