// Source lines for the debugger: the ELF image's line table when the reader filled it, else our
// own reading of .debug_line (DWARF 2-5 line programs, as GNU as -g and our ELF writer emit
// them). Pure functions over the image's section bytes.

import type { ElfImage, ElfSection, LineEntry } from '../../toolchain/elf/types';

class Reader {
  pos: number;
  constructor(
    readonly b: Uint8Array,
    start: number,
  ) {
    this.pos = start;
  }
  u8(): number {
    if (this.pos >= this.b.length) throw new RangeError('truncated .debug_line');
    return this.b[this.pos++]!;
  }
  u16(): number {
    return this.u8() | (this.u8() << 8);
  }
  u32(): number {
    return (this.u16() | (this.u16() << 16)) >>> 0;
  }
  uleb(): number {
    let v = 0;
    let mul = 1;
    for (;;) {
      const c = this.u8();
      v += (c & 0x7f) * mul;
      mul *= 128;
      if ((c & 0x80) === 0) return v;
    }
  }
  sleb(): number {
    let v = 0;
    let mul = 1;
    for (;;) {
      const c = this.u8();
      v += (c & 0x7f) * mul;
      mul *= 128;
      if ((c & 0x80) === 0) {
        if ((c & 0x40) !== 0) v -= mul;
        return v;
      }
    }
  }
  cstr(): string {
    const start = this.pos;
    while (this.u8() !== 0);
    return new TextDecoder().decode(this.b.subarray(start, this.pos - 1));
  }
}

function strAt(section: ElfSection | undefined, offset: number): string {
  if (section === undefined) return '';
  const r = new Reader(section.data, offset);
  return r.cstr();
}

/** Reads one attribute value of a DWARF 5 entry format; strings come back as text. */
function readForm(r: Reader, form: number, lineStr: ElfSection | undefined, str: ElfSection | undefined): string | number {
  switch (form) {
    case 0x08: return r.cstr(); // string
    case 0x1f: return strAt(lineStr, r.u32()); // line_strp
    case 0x0e: return strAt(str, r.u32()); // strp
    case 0x0b: return r.u8(); // data1
    case 0x05: return r.u16(); // data2
    case 0x06: return r.u32(); // data4
    case 0x07: r.pos += 8; return 0; // data8
    case 0x1e: r.pos += 16; return 0; // data16 (MD5)
    case 0x0f: return r.uleb(); // udata
    case 0x09: { const n = r.uleb(); r.pos += n; return 0; } // block
    default: throw new RangeError(`unsupported DWARF form 0x${form.toString(16)} in .debug_line`);
  }
}

/** Parses every line program of .debug_line; rows sorted by address (end_sequence rows dropped). */
export function parseDebugLine(image: ElfImage): LineEntry[] {
  const sec = image.sections.find((s) => s.name === '.debug_line');
  if (sec === undefined || sec.data.length === 0) return [];
  const lineStr = image.sections.find((s) => s.name === '.debug_line_str');
  const str = image.sections.find((s) => s.name === '.debug_str');
  const b = sec.data;
  const out: LineEntry[] = [];
  let unit = 0;
  while (unit + 4 <= b.length) {
    const r = new Reader(b, unit);
    const length = r.u32();
    if (length === 0xffffffff) throw new RangeError('64-bit DWARF is not supported');
    const end = r.pos + length;
    const version = r.u16();
    if (version < 2 || version > 5) throw new RangeError(`DWARF line table version ${version} is not supported`);
    if (version >= 5) r.pos += 2; // address_size, segment_selector_size
    const headerLength = r.u32();
    const programStart = r.pos + headerLength;
    const minInsn = r.u8();
    if (version >= 4) r.u8(); // max ops per instruction
    const defaultIsStmt = r.u8() !== 0;
    const lineBase = (r.u8() << 24) >> 24;
    const lineRange = r.u8();
    const opcodeBase = r.u8();
    const argCounts: number[] = [0];
    for (let k = 1; k < opcodeBase; k++) argCounts.push(r.u8());
    const dirs: string[] = [];
    const files: string[] = [];
    if (version >= 5) {
      const readTable = (into: string[], isFile: boolean): void => {
        const formatCount = r.u8();
        const formats: [number, number][] = [];
        for (let k = 0; k < formatCount; k++) formats.push([r.uleb(), r.uleb()]);
        const count = r.uleb();
        for (let k = 0; k < count; k++) {
          let name = '';
          let dir = 0;
          for (const [type, form] of formats) {
            const v = readForm(r, form, lineStr, str);
            if (type === 1) name = String(v); // DW_LNCT_path
            else if (type === 2) dir = Number(v); // DW_LNCT_directory_index
          }
          into.push(isFile && dir > 0 && !name.startsWith('/') && dirs[dir] !== undefined ? `${dirs[dir]}/${name}` : name);
        }
      };
      readTable(dirs, false);
      readTable(files, true);
    } else {
      dirs.push('');
      for (;;) {
        const d = r.cstr();
        if (d === '') break;
        dirs.push(d);
      }
      files.push(''); // DWARF 2-4 file numbers start at 1
      for (;;) {
        const name = r.cstr();
        if (name === '') break;
        const dir = r.uleb();
        r.uleb();
        r.uleb();
        files.push(dir > 0 && !name.startsWith('/') ? `${dirs[dir]}/${name}` : name);
      }
    }
    r.pos = programStart;
    let address = 0;
    let file = 1;
    let line = 1;
    const reset = (): void => {
      address = 0;
      file = 1;
      line = 1;
    };
    void defaultIsStmt;
    const row = (): void => {
      out.push({ address: address >>> 0, file: files[file] ?? `file${file}`, line });
    };
    while (r.pos < end) {
      const op = r.u8();
      if (op >= opcodeBase) {
        const adj = op - opcodeBase;
        address += Math.floor(adj / lineRange) * minInsn;
        line += lineBase + (adj % lineRange);
        row();
      } else if (op === 0) {
        const len = r.uleb();
        const next = r.pos + len;
        const sub = r.u8();
        if (sub === 1) reset(); // end_sequence
        else if (sub === 2) address = r.u32();
        r.pos = next;
      } else if (op === 1) row(); // copy
      else if (op === 2) address += r.uleb() * minInsn;
      else if (op === 3) line += r.sleb();
      else if (op === 4) file = r.uleb();
      else if (op === 8) address += Math.floor((255 - opcodeBase) / lineRange) * minInsn;
      else if (op === 9) address += r.u16();
      else for (let k = 0; k < argCounts[op]!; k++) r.uleb();
    }
    unit = end;
  }
  // Keep the last row per address (later rows describe the same instruction more precisely).
  const byAddress = new Map<number, LineEntry>();
  for (const e of out) byAddress.set(e.address, e);
  return [...byAddress.values()].sort((a, b) => a.address - b.address);
}

/** The image's line table, falling back to parsing .debug_line; [] when there is none or it is unreadable. */
export function sourceLines(image: ElfImage): { lines: LineEntry[]; warning: string | undefined } {
  if (image.lines.length > 0) return { lines: [...image.lines], warning: undefined };
  try {
    return { lines: parseDebugLine(image), warning: undefined };
  } catch (e) {
    return { lines: [], warning: `cannot read source lines: ${(e as Error).message}` };
  }
}

/** Address <-> file:line lookups over a sorted line table. */
export class LineTable {
  readonly entries: readonly LineEntry[];
  constructor(entries: readonly LineEntry[]) {
    this.entries = entries;
  }

  /** The row for the instruction at `address` (exact match), or undefined. */
  at(address: number): LineEntry | undefined {
    const a = address >>> 0;
    let lo = 0;
    let hi = this.entries.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.entries[mid]!.address >>> 0;
      if (v === a) return this.entries[mid];
      if (v < a) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Lowest address of an instruction from `file:line` (file matched by base name or suffix). */
  addressOf(file: string, line: number): number | undefined {
    let best: number | undefined;
    for (const e of this.entries) {
      if (e.line !== line || !sameFile(e.file, file)) continue;
      if (best === undefined || e.address >>> 0 < best) best = e.address >>> 0;
    }
    return best;
  }
}

function sameFile(recorded: string, asked: string): boolean {
  if (recorded === asked) return true;
  return recorded.endsWith('/' + asked) || asked.endsWith('/' + recorded) || baseName(recorded) === baseName(asked);
}

function baseName(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}
