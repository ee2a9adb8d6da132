// The body of `objdump -d` for an ElfImage, reproduced line for line: which sections are shown,
// which symbol labels a block and names an address (objdump's sort order and nearest-symbol
// search), the address and raw-byte columns, `...` for runs of zero bytes, `$x`/`$d` mapping
// symbols switching between instructions and `.word` data, lengths other than 32 bits printed
// as `.2byte`/`.8byte`/`.byte` and reads cut off by the next symbol, the way binutils 2.40 does.

import type { ElfImage, ElfSection, ElfSymbol } from '../elf/types';
import { DisasmState, disassembleWord, type DisasmOptions } from './word';

/** A symbol as objdump's sorted table holds it (section symbols, file symbols, empty names dropped). */
interface SortedSymbol {
  readonly name: string;
  readonly value: number;
  readonly size: number;
  /** Section name; `*ABS*` for absolute symbols. */
  readonly section: string;
  readonly local: boolean;
  readonly global: boolean;
  readonly func: boolean;
  readonly object: boolean;
  /** False for names objdump never prints: RISC-V mapping symbols and the assembler's fake label. */
  readonly printable: boolean;
  /** `$x`/`$xrv...` (instructions) or `$d` (data), or undefined for ordinary symbols. */
  readonly mapping: 'insn' | 'data' | undefined;
}

const FAKE_LABEL = '.L0 ';

function mappingKind(name: string): 'insn' | 'data' | undefined {
  if (name === '$x' || name.startsWith('$xrv') || name.startsWith('$x.')) return 'insn';
  if (name === '$d' || name.startsWith('$d.')) return 'data';
  return undefined;
}

function toSorted(s: ElfSymbol): SortedSymbol | undefined {
  if (s.name === '' || s.type === 'section' || s.type === 'file') return undefined;
  const mapping = mappingKind(s.name);
  return {
    name: s.name,
    value: s.value >>> 0,
    size: s.size,
    section: s.section ?? '*ABS*',
    local: s.binding === 'local',
    global: s.binding === 'global',
    func: s.type === 'func',
    object: s.type === 'object',
    printable: mapping === undefined && s.name !== FAKE_LABEL,
    mapping,
  };
}

const looksLikeFileName = (name: string): boolean =>
  name.length > 2 && name[name.length - 2] === '.' && (name.endsWith('o') || name.endsWith('a'));
const compiledMarker = (name: string): boolean => name.includes('gnu_compiled') || name.includes('gcc2_compiled');

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** objdump's compare_symbols, with `section` the one being disassembled. */
function compareSymbols(section: string, a: SortedSymbol, b: SortedSymbol): number {
  if (a.value !== b.value) return a.value > b.value ? 1 : -1;
  const as = a.section === section;
  const bs = b.section === section;
  if (as !== bs) return as ? -1 : 1;
  const ac = compiledMarker(a.name);
  const bc = compiledMarker(b.name);
  if (ac !== bc) return ac ? 1 : -1;
  const af = looksLikeFileName(a.name);
  const bf = looksLikeFileName(b.name);
  if (af !== bf) return af ? 1 : -1;
  if (a.func !== b.func) return a.func ? -1 : 1;
  if (a.object !== b.object) return a.object ? -1 : 1;
  if (a.local !== b.local) return a.local ? 1 : -1;
  if (a.global !== b.global) return a.global ? -1 : 1;
  if (a.size !== b.size) return a.size > b.size ? -1 : 1;
  const ad = a.name.startsWith('.');
  const bd = b.name.startsWith('.');
  if (ad !== bd) return ad ? 1 : -1;
  return byteCompare(a.name, b.name);
}

const hex = (n: number): string => (n >>> 0).toString(16);
const hex8 = (n: number): string => hex(n).padStart(8, '0');

/** The symbol table of one section's disassembly, sorted the way objdump sorts it for that section. */
class SymbolTable {
  readonly sorted: SortedSymbol[];
  /** This section's mapping symbols, in sorted order (so by address). */
  private readonly mappings: SortedSymbol[];

  constructor(
    symbols: readonly SortedSymbol[],
    readonly section: ElfSection,
  ) {
    this.sorted = [...symbols].sort((a, b) => compareSymbols(section.name, a, b));
    this.mappings = this.sorted.filter((s) => s.mapping !== undefined && s.section === section.name);
  }

  /** Index of the first mapping symbol with a value above `vma`. */
  private mappingsUpTo(vma: number): number {
    let lo = 0;
    let hi = this.mappings.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.mappings[mid]!.value <= vma) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private ok(place: number, wantSection: boolean): boolean {
    const s = this.sorted[place]!;
    if (wantSection && s.section !== this.section.name) return false;
    return s.printable;
  }

  /** objdump's find_symbol_for_address: the symbol to name `vma` by, and its index. */
  find(vma: number, requireSection: boolean): { symbol: SortedSymbol | undefined; place: number } {
    const syms = this.sorted;
    const count = syms.length;
    if (count < 1) return { symbol: undefined, place: 0 };
    let min = 0;
    let max = count;
    while (min + 1 < max) {
      const mid = Math.floor((max + min) / 2);
      const v = syms[mid]!.value;
      if (v > vma) max = mid;
      else if (v < vma) min = mid;
      else {
        min = mid;
        break;
      }
    }
    let place = min;
    while (place > 0 && syms[place]!.value === syms[place - 1]!.value) --place;
    // Prefer a symbol of the current section among those with the same value.
    min = place;
    while (min < max && syms[min]!.value === syms[place]!.value) {
      if (this.ok(min, true)) return { symbol: syms[min], place: min };
      ++min;
    }
    if (!this.ok(place, requireSection)) {
      let newPlace = count;
      for (let i = min - 1; i >= 0; i--) {
        if (this.ok(i, requireSection)) {
          if (newPlace === count) newPlace = i;
          if (syms[i]!.value !== syms[newPlace]!.value) break;
          newPlace = i;
        }
      }
      if (newPlace !== count) {
        place = newPlace;
      } else {
        for (let i = place + 1; i < count; i++) {
          if (this.ok(i, requireSection)) {
            place = i;
            break;
          }
        }
      }
      if (!this.ok(place, requireSection)) return { symbol: undefined, place };
    }
    return { symbol: syms[place], place };
  }

  /** What objdump prints between `<` and `>` for `vma` named by `symbol`. */
  describe(symbol: SortedSymbol | undefined, vma: number): string {
    const base = symbol === undefined ? this.section.address >>> 0 : symbol.value;
    const name = symbol === undefined ? this.section.name : symbol.name;
    const a = vma >>> 0;
    if (a < base) return `${name}-0x${hex(base - a)}`;
    if (a > base) return `${name}+0x${hex(a - base)}`;
    return name;
  }

  /** The mapping state (instructions or data) at `vma`: the last mapping symbol at or before it. */
  mappingAt(vma: number, codeSection: boolean): 'insn' | 'data' {
    const i = this.mappingsUpTo(vma);
    return i > 0 ? this.mappings[i - 1]!.mapping! : codeSection ? 'insn' : 'data';
  }

  /** The address of the next mapping symbol of this section after `vma`, if any. */
  nextMappingAfter(vma: number): number | undefined {
    return this.mappings[this.mappingsUpTo(vma)]?.value;
  }
}

/** binutils' riscv_insn_length: instruction length from the low 16 bits. */
function instructionLength(low16: number): number {
  if ((low16 & 0x3) !== 0x3) return 2;
  if ((low16 & 0x1f) !== 0x1f) return 4;
  if ((low16 & 0x3f) === 0x1f) return 6;
  if ((low16 & 0x7f) === 0x3f) return 8;
  if ((low16 & 0x7f) === 0x7f && (low16 & 0x7000) !== 0x7000) return 10 + ((low16 >> 11) & 0xe);
  return 2;
}

interface Decoded {
  readonly text: string;
  readonly length: number;
  readonly bytesPerChunk: number;
  readonly bytesPerLine: number;
}

const SKIP_ZEROES = 8;
const SKIP_ZEROES_AT_END = 3;

/** Disassembles the executable sections of an image: the text `objdump -d` prints after its file header line. */
export function disassembleImage(image: ElfImage, options: Pick<DisasmOptions, 'aliases' | 'customCsrNames'>): string {
  const symbols = image.symbols.map(toSorted).filter((s): s is SortedSymbol => s !== undefined);
  const gp = symbols.find((s) => s.name === '__global_pointer$');
  // objdump keeps this state for the whole file, across sections.
  const state = new DisasmState(gp?.value);
  const out: string[] = [];
  // objdump's bytes_per_chunk also carries over (object symbols in code print with the last one).
  let lastChunk = 0;
  for (const section of image.sections) {
    if (!section.flags.exec || section.kind !== 'progbits' || section.size === 0) continue;
    lastChunk = disassembleSection(section, new SymbolTable(symbols, section), options, state, lastChunk, out);
  }
  return out.join('');
}

function disassembleSection(
  section: ElfSection,
  table: SymbolTable,
  options: Pick<DisasmOptions, 'aliases' | 'customCsrNames'>,
  state: DisasmState,
  chunkBefore: number,
  out: string[],
): number {
  const vma = section.address >>> 0;
  const data = section.data;
  const stop = data.length;
  const wordOptions: DisasmOptions = {
    ...options,
    symbolAt: table.sorted.length > 0 ? (a) => table.describe(table.find(a, false).symbol, a) : undefined,
  };
  // Leading zeros of the address column are dropped in groups of four, keeping at least one.
  let skip = 0;
  const endText = hex8(vma + stop);
  while (endText[skip] === '0') skip++;
  if (skip === endText.length && vma !== 0) skip = 0;
  if (skip !== 0) skip = (skip - 1) & -4;
  const width = 8 - skip;
  const addressColumn = (a: number): string => `${hex(a).padStart(width, ' ')}:\t`;

  out.push(`\nDisassembly of section ${section.name}:\n`);
  let found = table.find(vma, true);
  let sym = found.symbol;
  let place = found.place;
  let offset = 0;
  let lastChunk = chunkBefore;
  while (offset < stop) {
    const addr = (vma + offset) >>> 0;
    out.push(`\n${hex8(addr)} <${table.describe(sym, addr)}>:\n`);
    let next: SortedSymbol | undefined;
    if (sym !== undefined && sym.value > addr) next = sym;
    else if (sym === undefined) next = undefined;
    else {
      const current = sym;
      while (
        place < table.sorted.length &&
        !(table.sorted[place]!.section === section.name && table.sorted[place]!.value > current.value && table.sorted[place]!.printable)
      ) {
        place++;
      }
      next = table.sorted[place];
    }
    let nextStop: number;
    if (sym !== undefined && sym.value > addr) nextStop = sym.value - vma;
    else if (next === undefined) nextStop = stop;
    else nextStop = next.value - vma;
    if (nextStop > stop || nextStop <= offset) nextStop = stop;
    const insns = !(
      sym !== undefined &&
      sym.section === section.name &&
      sym.value <= addr &&
      sym.object &&
      !sym.func &&
      !compiledMarker(sym.name)
    );
    lastChunk = disassembleBytes(section, table, wordOptions, state, insns, offset, nextStop, addressColumn, lastChunk, out);
    offset = nextStop;
    sym = next;
  }
  return lastChunk;
}

function decodeAt(section: ElfSection, table: SymbolTable, options: DisasmOptions, state: DisasmState, offset: number, stop: number): Decoded {
  const data = section.data;
  const pc = (section.address + offset) >>> 0;
  const byte = (i: number): number => data[offset + i] ?? 0;
  // objdump cannot read past the next symbol (the block's stop): it reports the address and
  // moves on by 5 bytes (binutils 2.40 returns EIO as the length).
  // The chunk size is what the disassembler had set before the read failed (0 on the instruction
  // path, the data size on the data path); the line width stays what it was.
  const outOfBounds = (bytesPerChunk: number): Decoded => ({
    text: `Address 0x${hex(pc)} is out of bounds.\n`,
    length: 5,
    bytesPerChunk,
    bytesPerLine: 0,
  });
  if (table.mappingAt(pc, section.flags.exec) === 'data') {
    let length = 4;
    const nextMap = table.nextMappingAfter(pc);
    if (nextMap !== undefined) length = Math.min(length, nextMap - pc);
    else length = Math.min(length, section.address + data.length - pc);
    if (length === 3) length = 2;
    if (length > stop - offset) return outOfBounds(length);
    let value = 0;
    for (let i = length - 1; i >= 0; i--) value = value * 256 + byte(i);
    const text =
      length === 4 ? `.word\t0x${hex8(value)}` : length === 2 ? `.short\t0x${hex(value).padStart(4, '0')}` : `.byte\t0x${hex(value).padStart(2, '0')}`;
    return { text, length, bytesPerChunk: length, bytesPerLine: length === 1 ? 6 : 8 };
  }
  if (stop - offset < 2) return outOfBounds(0);
  const length = instructionLength(byte(0) | (byte(1) << 8));
  if (length > stop - offset) return outOfBounds(0);
  const bytesPerChunk = length % 4 === 0 ? 4 : 2;
  if (length === 4) {
    const word = (byte(0) | (byte(1) << 8) | (byte(2) << 16) | (byte(3) << 24)) >>> 0;
    return { text: disassembleWord(word, pc, options, state), length, bytesPerChunk, bytesPerLine: 8 };
  }
  let text: string;
  if (length === 2) text = `.2byte\t0x${hex(byte(0) | (byte(1) << 8))}`;
  else if (length === 8) {
    const low = (byte(0) | (byte(1) << 8) | (byte(2) << 16) | (byte(3) << 24)) >>> 0;
    const high = (byte(4) | (byte(5) << 8) | (byte(6) << 16) | (byte(7) << 24)) >>> 0;
    text = `.8byte\t0x${high === 0 ? hex(low) : hex(high) + hex8(low)}`;
  } else text = `.byte\t${Array.from({ length }, (_, i) => `0x${hex(byte(i)).padStart(2, '0')}`).join(', ')}`;
  return { text, length, bytesPerChunk, bytesPerLine: 8 };
}

/** objdump's disassemble_bytes for [start, stop) of a section; returns the last chunk size. */
function disassembleBytes(
  section: ElfSection,
  table: SymbolTable,
  options: DisasmOptions,
  state: DisasmState,
  insns: boolean,
  start: number,
  stop: number,
  addressColumn: (a: number) => string,
  lastChunk: number,
  out: string[],
): number {
  const data = section.data;
  let offset = start;
  // objdump's octets_per_line: 4 for code until the disassembler sets its line width.
  let perLine = insns ? 4 : 16;
  while (offset < stop) {
    let zeros = 0;
    while (offset + zeros < stop && data[offset + zeros] === 0) zeros++;
    if (zeros >= SKIP_ZEROES || (offset + zeros === stop && zeros < SKIP_ZEROES_AT_END)) {
      if (offset + zeros !== stop) zeros &= ~3;
      out.push('\t...\n');
      offset += zeros;
      continue;
    }
    const addr = (section.address + offset) >>> 0;
    let line = addressColumn(addr);
    let octets: number;
    let chunk: number;
    let text: string;
    if (insns) {
      const d = decodeAt(section, table, options, state, offset, stop);
      octets = d.length;
      if (d.bytesPerLine !== 0) perLine = d.bytesPerLine;
      chunk = d.bytesPerChunk || 1;
      lastChunk = d.bytesPerChunk;
      text = d.text;
    } else {
      octets = Math.min(perLine, stop - offset);
      chunk = lastChunk || 1;
      text = Array.from(data.subarray(offset, offset + octets), (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    }
    const chunkText = (from: number): string => {
      if (from + chunk > stop) return ' ';
      let s = '';
      for (let k = chunk - 1; k >= 0; k--) s += hex(data[from + k] ?? 0).padStart(2, '0');
      return s + ' ';
    };
    let shown = Math.min(octets, perLine);
    for (let j = 0; j < shown; j += chunk) line += chunkText(offset + j);
    for (let pad = shown; pad < perLine; pad += chunk) line += '  '.repeat(chunk) + ' ';
    line += insns ? '\t' : '    ';
    line += text;
    while (shown < octets) {
      line += '\n' + addressColumn((section.address + offset + shown) >>> 0);
      const end = Math.min(shown + perLine, octets);
      for (let j = shown; j < end; j += chunk) line += chunkText(offset + j);
      shown = end;
    }
    out.push(line + '\n');
    offset += octets;
  }
  return lastChunk;
}
