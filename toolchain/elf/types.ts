// The in-memory shape of an ELF32 RISC-V executable, shared by the writer (used by the
// assembler) and the reader (used by the loader, the disassembler and the debugger).

export type SymbolBinding = 'local' | 'global' | 'weak';
export type SymbolType = 'notype' | 'object' | 'func' | 'section' | 'file';

export interface ElfSymbol {
  readonly name: string;
  readonly value: number;
  readonly size: number;
  readonly binding: SymbolBinding;
  readonly type: SymbolType;
  /** Name of the section the symbol is defined in; undefined for absolute (SHN_ABS) symbols. */
  readonly section: string | undefined;
}

export interface ElfSection {
  readonly name: string;
  /** `progbits` holds bytes; `nobits` (.bss) occupies memory only. */
  readonly kind: 'progbits' | 'nobits';
  readonly address: number;
  readonly size: number;
  /** Bytes for progbits (length === size); empty for nobits. */
  readonly data: Uint8Array;
  readonly flags: { readonly alloc: boolean; readonly write: boolean; readonly exec: boolean };
  readonly alignment: number;
}

export interface ElfSegment {
  /** PT_LOAD only; other program headers are kept out of this model. */
  readonly virtualAddress: number;
  readonly fileBytes: Uint8Array;
  /** >= fileBytes.length; the rest is zero-filled (.bss). */
  readonly memorySize: number;
  readonly flags: { readonly read: boolean; readonly write: boolean; readonly exec: boolean };
}

/** One row of the line table: the instruction at `address` came from `file:line`. */
export interface LineEntry {
  readonly address: number;
  readonly file: string;
  readonly line: number;
}

export interface ElfImage {
  readonly entry: number;
  readonly segments: readonly ElfSegment[];
  readonly sections: readonly ElfSection[];
  readonly symbols: readonly ElfSymbol[];
  /** Source lines (from DWARF .debug_line when present); sorted by address. */
  readonly lines: readonly LineEntry[];
}

/** What the assembler hands the writer: sections already laid out at their final addresses. */
export interface ElfWriteInput {
  readonly entry: number;
  readonly sections: readonly ElfSection[];
  readonly symbols: readonly ElfSymbol[];
  /**
   * When given, the writer emits .debug_line (a DWARF 3 line program) and the compile unit
   * (.debug_info/.debug_abbrev) gdb needs to use it, so gdb and objdump show source lines.
   */
  readonly lines?: readonly LineEntry[];
  /** DW_AT_comp_dir: the directory relative file names in `lines` are relative to. */
  readonly compilationDirectory?: string;
}

/** A file that is not an ELF we can load: `what` says what is wrong, `offset` where. */
export class ElfFormatError extends Error {
  constructor(
    message: string,
    readonly offset: number | undefined,
  ) {
    super(message);
    this.name = 'ElfFormatError';
  }
}
