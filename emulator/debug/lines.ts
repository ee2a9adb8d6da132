// Source lines for the debugger: address <-> file:line lookups over the line table readElf
// decodes from .debug_line (ElfImage.lines, toolchain/elf/dwarf.ts).

import type { ElfImage, LineEntry } from '../../toolchain/elf/types';

/** Address <-> file:line lookups over a line table sorted by address. */
export class LineTable {
  /**
   * One row per address: where a line program gives several, the last (gdb takes the last with
   * is_stmt set, a flag LineEntry does not carry; for GNU as output the two agree).
   */
  readonly entries: readonly LineEntry[];
  constructor(sorted: readonly LineEntry[]) {
    const rows: LineEntry[] = [];
    for (const e of sorted) {
      const last = rows.length - 1;
      if (last >= 0 && rows[last]!.address >>> 0 === e.address >>> 0) rows[last] = e;
      else rows.push(e);
    }
    this.entries = rows;
  }

  /** The table of the image's source lines (empty when it has no .debug_line). */
  static of(image: ElfImage): LineTable {
    return new LineTable(image.lines);
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
