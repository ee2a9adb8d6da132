// Puts a program into memory and the harts at its entry: ELF PT_LOAD segments copied in (the
// part beyond the file bytes, .bss, zeroed), one stack per hart, a0..a7 as the launcher chooses.
//
// Memory map (defaults; docs/EMULATOR.md): physical memory is [0, memorySize), 1 GiB by default,
// allocated lazily in 64 KiB pages. The first 4 KiB fault unless the image occupies that page
// (null-pointer guard). The image sits where the ELF says (GNU ld: text at 0x10000). Stacks sit
// at the top: hart k (its position in the run, 0-based) starts with
//   sp = memorySize - k * stackSize        (16-byte aligned, grows down)
// so hart 0's stack is the highest. Nothing guards one stack from the next.

import type { ElfImage, ElfSymbol } from '../../toolchain/elf/types';
import type { PhysicalMemory } from '../memsys/physical-memory';
import type { Hart } from '../core/hart';

export const DEFAULT_MEMORY_SIZE = 0x4000_0000;
export const DEFAULT_STACK_SIZE = 0x10_0000;

/** A program that cannot be loaded as asked (message fit for the user). */
export class LoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadError';
  }
}

function hex(v: number): string {
  return '0x' + (v >>> 0).toString(16).padStart(8, '0');
}

/** Copies every PT_LOAD segment into memory and zero-fills its tail. */
export function loadSegments(memory: PhysicalMemory, image: ElfImage): void {
  if (image.segments.length === 0) throw new LoadError('the ELF file has no loadable (PT_LOAD) segment');
  for (const seg of image.segments) {
    const start = seg.virtualAddress >>> 0;
    if (seg.memorySize === 0) continue;
    if (start + seg.memorySize > memory.size) {
      throw new LoadError(
        `segment at ${hex(start)} (${seg.memorySize} bytes) does not fit in memory [0, ${hex(memory.size)}); ` +
          'raise --memory or link the program lower',
      );
    }
    memory.writeBytes(start, seg.fileBytes);
    // .bss: fresh memory reads as zero; only pages that already hold data need zeroing.
    for (let a = start + seg.fileBytes.length; a < start + seg.memorySize; a++) {
      if (memory.isAllocated(a >>> 16)) memory.writeByteRaw(a, 0);
    }
  }
}

/** The address of `entry`: a symbol name, a number (0x... or decimal), or the ELF entry point. */
export function resolveEntry(image: ElfImage, entry: string | undefined): number {
  if (entry === undefined) {
    const start = image.symbols.find((s) => s.name === '_start' && s.section !== undefined);
    return start !== undefined ? start.value | 0 : image.entry | 0;
  }
  const sym = image.symbols.find((s) => s.name === entry && s.section !== undefined);
  if (sym !== undefined) return sym.value | 0;
  if (/^(0x[0-9a-f]+|\d+)$/i.test(entry)) {
    const address = Number(entry);
    if (address > 0xffffffff || address % 4 !== 0) throw new LoadError(`entry address ${entry} is not a 32-bit multiple of 4`);
    return address | 0;
  }
  throw new LoadError(`entry symbol '${entry}' is not defined in the program`);
}

export interface LaunchOptions {
  readonly stackSize: number;
  /** a0..a7 for hart `k`; by default a0 = mhartid, a1 = number of harts, a2..a7 = 0. */
  readonly args?: (hart: Hart, harts: number) => readonly number[];
}

/** Points every hart at `entry` with its own stack and its argument registers. */
export function launchHarts(harts: readonly Hart[], entry: number, memory: PhysicalMemory, options: LaunchOptions): void {
  const stackSize = options.stackSize;
  if (stackSize <= 0 || stackSize % 16 !== 0) throw new LoadError(`stack size must be a positive multiple of 16, got ${stackSize}`);
  if (harts.length * stackSize >= memory.size) {
    throw new LoadError(`${harts.length} stacks of ${stackSize} bytes do not fit in ${memory.size} bytes of memory`);
  }
  for (const hart of harts) {
    hart.x.fill(0);
    hart.f.fill(0);
    hart.x[2] = (memory.size - hart.index * stackSize) | 0;
    const args = options.args ? options.args(hart, harts.length) : [hart.hartId, harts.length];
    for (let k = 0; k < 8 && k < args.length; k++) hart.x[10 + k] = args[k]! | 0;
    hart.setPc(entry);
  }
}

/** Function and object symbols sorted by address, for "nearest symbol" lookups. */
export class SymbolTable {
  private readonly sorted: readonly ElfSymbol[];

  constructor(symbols: readonly ElfSymbol[]) {
    this.sorted = symbols
      .filter((s) => s.section !== undefined && s.name !== '' && s.type !== 'section' && s.type !== 'file' && !s.name.startsWith('$'))
      .slice()
      .sort((a, b) => (a.value >>> 0) - (b.value >>> 0) || rank(a) - rank(b));
  }

  /** `name+0xoff` for the closest symbol at or below `address`, or undefined. */
  describe(address: number): string | undefined {
    const a = address >>> 0;
    let lo = 0;
    let hi = this.sorted.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]!.value >>> 0 <= a) {
        best = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (best < 0) return undefined;
    // Among symbols at the same address prefer a function, then a global.
    let sym = this.sorted[best]!;
    for (let k = best; k >= 0 && this.sorted[k]!.value === sym.value; k--) {
      if (rank(this.sorted[k]!) < rank(sym)) sym = this.sorted[k]!;
    }
    const off = a - (sym.value >>> 0);
    return off === 0 ? sym.name : `${sym.name}+0x${off.toString(16)}`;
  }
}

function rank(s: ElfSymbol): number {
  return (s.type === 'func' ? 0 : 2) + (s.binding === 'local' ? 1 : 0);
}
