// Pass 5+7, resolve and link: places every file's sections the way GNU ld's default script for
// elf32lriscv does (text segment at 0x10000 + SIZEOF_HEADERS, .rodata after .text, the data
// segment at DATA_SEGMENT_ALIGN, .sdata/.sbss/.bss after .data, `__global_pointer$`), resolves
// global symbols across files, computes every fixup and produces the ElfWriteInput.

import type { Diagnostic, SourceLocation } from '../diagnostics';
import type { ElfSection, ElfSymbol, ElfWriteInput, LineEntry } from '../elf/types';
import { CODES, error, warning } from './codes';
import { evaluate, type EvalEnv, type Value } from './expr';
import { applyFixup, type Fixup } from './fixups';
import type { ObjectFile, SectionBuffer, SymbolState } from './layout';

/** GNU ld: MAXPAGESIZE for elf32lriscv. */
const PAGE = 0x1000;
const TEXT_SEGMENT = 0x10000;
const ELF_HEADER = 52;
const PROGRAM_HEADER = 32;

type Placement = { output: string; order: number };

/** Which output section an input section goes to, and the output sections' order. */
function place(sec: SectionBuffer): Placement {
  const is = (p: string) => sec.name === p || sec.name.startsWith(p + '.');
  if (is('.text')) return { output: '.text', order: 0 };
  if (is('.rodata')) return { output: '.rodata', order: 20 };
  if (is('.data')) return { output: '.data', order: 40 };
  if (is('.srodata') || is('.sdata')) return { output: '.sdata', order: 60 };
  if (is('.sbss')) return { output: '.sbss', order: 70 };
  if (is('.bss')) return { output: '.bss', order: 80 };
  // Orphans go after the last output section with the same flags (ld's orphan placement).
  if (sec.flags.write) return { output: sec.name, order: sec.kind === 'nobits' ? 90 : 50 };
  if (sec.flags.exec) return { output: sec.name, order: 10 };
  return { output: sec.name, order: 30 };
}

/** Rank of an input section within its output section in ld's default script. */
function inputGroup(output: string, name: string): { rank: number; sortKey: string } {
  const is = (p: string) => name === p || name.startsWith(p + '.');
  if (output === '.text') {
    if (is('.text.unlikely') || /^\.text\..*_unlikely$/.test(name)) return { rank: 0, sortKey: '' };
    if (is('.text.exit')) return { rank: 1, sortKey: '' };
    if (is('.text.startup')) return { rank: 2, sortKey: '' };
    if (is('.text.hot')) return { rank: 3, sortKey: '' };
    if (name.startsWith('.text.sorted.')) return { rank: 4, sortKey: name };
    return { rank: 5, sortKey: '' };
  }
  if (output === '.sdata') {
    for (const [i, cst] of ['.srodata.cst16', '.srodata.cst8', '.srodata.cst4', '.srodata.cst2'].entries()) {
      if (name === cst) return { rank: i, sortKey: '' };
    }
    if (is('.srodata')) return { rank: 4, sortKey: '' };
    return { rank: 5, sortKey: '' };
  }
  return { rank: 0, sortKey: '' };
}

function mergeEntries(sec: SectionBuffer): string[] {
  const bytes = sec.bytes.subarray(0, sec.size);
  const out: string[] = [];
  if (!sec.merge) return out;
  if (!sec.merge.strings) {
    for (let i = 0; i + sec.merge.entsize <= bytes.length; i += sec.merge.entsize) {
      out.push(Buffer.from(bytes.subarray(i, i + sec.merge.entsize)).toString('hex'));
    }
    return out;
  }
  let start = -1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0 && start < 0) start = i;
    if (bytes[i] === 0) {
      if (start >= 0) out.push(Buffer.from(bytes.subarray(start, i)).toString('latin1'));
      else if (sec.alignment <= 1) out.push('');
      start = -1;
    }
  }
  return out;
}

function checkMergeable(objects: readonly ObjectFile[], diagnostics: Diagnostic[]): void {
  const groups = new Map<string, { text: string; align: number; file: string; section: string }[]>();
  for (const obj of objects) {
    for (const sec of obj.sections.values()) {
      if (!sec.merge || sec.size === 0) continue;
      const key = `${place(sec).output}/${sec.merge.strings}/${sec.merge.entsize}`;
      const list = groups.get(key) ?? [];
      for (const text of mergeEntries(sec)) list.push({ text, align: sec.alignment, file: obj.file, section: sec.name });
      groups.set(key, list);
    }
  }
  for (const list of groups.values()) {
    const seen = new Map<string, (typeof list)[number]>();
    for (const e of list) {
      const prev = seen.get(e.text);
      if (prev) {
        diagnostics.push(error(CODES.sectionOverlap, `GNU ld would merge the duplicate entry ${JSON.stringify(e.text)} of mergeable section '${e.section}' (${prev.file} and ${e.file}); merging is not supported: drop the "M" flag or the duplicate`));
        return;
      }
      seen.set(e.text, e);
    }
    for (const a of list) {
      if (!list.length || a.text === '') continue;
      for (const b of list) {
        if (b === a || b.text.length <= a.text.length || !b.text.endsWith(a.text)) continue;
        if ((b.text.length - a.text.length) % Math.max(1, a.align) === 0) {
          diagnostics.push(error(CODES.sectionOverlap, `GNU ld would store string ${JSON.stringify(a.text)} inside ${JSON.stringify(b.text)} (mergeable section '${a.section}'); merging is not supported: drop the "M" flag or change the strings`));
          return;
        }
      }
    }
  }
}

const alignUp = (v: number, a: number): number => Math.ceil(v / a) * a;

interface OutputSection {
  readonly name: string;
  readonly order: number;
  readonly inputs: { file: number; sec: SectionBuffer; offset: number }[];
  address: number;
  size: number;
  alignment: number;
  readonly kind: 'progbits' | 'nobits';
  readonly flags: SectionBuffer['flags'];
}

export interface LinkOptions {
  /** Entry symbol (default `_start`). */
  readonly entry?: string;
  readonly debugLines?: boolean;
}

export interface LinkResult {
  readonly image: ElfWriteInput | undefined;
  readonly diagnostics: Diagnostic[];
}

function displayName(name: string): string {
  const m = /^\.L(\d+)\u0002\d+$/.exec(name);
  return m ? `local label '${m[1]}'` : `symbol '${name}'`;
}

export function link(objects: readonly ObjectFile[], options: LinkOptions): LinkResult {
  const diagnostics: Diagnostic[] = [];

  // 1. Output sections.
  const outputs = new Map<string, OutputSection>();
  objects.forEach((obj, fileIndex) => {
    for (const sec of obj.sections.values()) {
      if (sec.size === 0) continue;
      const p = place(sec);
      let out = outputs.get(p.output);
      if (!out) {
        out = { name: p.output, order: p.order, inputs: [], address: 0, size: 0, alignment: 1, kind: sec.kind, flags: sec.flags };
        outputs.set(p.output, out);
      }
      out.inputs.push({ file: fileIndex, sec, offset: 0 });
    }
  });
  const ordered = [...outputs.values()].sort((a, b) => a.order - b.order);
  // Input order inside an output section follows the script's patterns, then the file order.
  for (const o of ordered) {
    const indexed = o.inputs.map((input, i) => ({ input, i, group: inputGroup(o.name, input.sec.name) }));
    indexed.sort((a, b) => a.group.rank - b.group.rank || (a.group.sortKey < b.group.sortKey ? -1 : a.group.sortKey > b.group.sortKey ? 1 : 0) || a.i - b.i);
    o.inputs.splice(0, o.inputs.length, ...indexed.map((x) => x.input));
  }
  const inText = (o: OutputSection) => o.order < 40;
  const hasData = ordered.some((o) => !inText(o));
  // Program headers GNU ld writes: PT_RISCV_ATTRIBUTES, the text PT_LOAD, the data PT_LOAD.
  const hasText = ordered.some(inText);
  const headers = ELF_HEADER + PROGRAM_HEADER * (1 + (hasText ? 1 : 0) + (hasData ? 1 : 0));
  const sizeOf = (o: OutputSection) => {
    let off = 0;
    for (const input of o.inputs) {
      off = alignUp(off, input.sec.alignment);
      input.offset = off;
      off += input.sec.size;
      o.alignment = Math.max(o.alignment, input.sec.alignment);
    }
    return off;
  };
  /**
   * Places every output section. `pageAligned`: DATA_SEGMENT_ALIGN's second form (the data segment
   * starts on a page boundary), which ld takes when that saves a page (lang_size_segment).
   */
  const placeAll = (pageAligned: boolean) => {
    let dot = TEXT_SEGMENT + headers;
    let dataBegin: number | undefined;
    let sdataBegin: number | undefined;
    let bssStart: number | undefined;
    let edata: number | undefined;
    let segmentBase: number | undefined;
    const dataSegment = () => {
      segmentBase = pageAligned ? alignUp(dot, PAGE) : alignUp(dot, PAGE) + (dot & (PAGE - 1));
      dot = segmentBase;
    };
    for (const o of ordered) {
      if (!inText(o) && segmentBase === undefined) dataSegment();
      if (o.order >= 60 && sdataBegin === undefined) sdataBegin = dot;
      if (o.order >= 70 && bssStart === undefined) {
        edata = dot;
        bssStart = dot;
      }
      o.size = sizeOf(o);
      o.address = alignUp(dot, o.alignment);
      if (o.name === '.data') dataBegin = o.address;
      if (o.name === '.sdata') sdataBegin = o.address;
      dot = o.address + o.size;
      if (o.name === '.bss' && dot !== 0) {
        const end = alignUp(dot, 4);
        o.size += end - dot;
        dot = end;
      }
    }
    if (segmentBase === undefined) dataSegment();
    dataBegin ??= ordered.find((o) => !inText(o))?.address ?? dot;
    sdataBegin ??= dot;
    edata ??= dot;
    bssStart ??= dot;
    dot = alignUp(dot, 4);
    return { dataBegin, sdataBegin, edata, bssStart, bssEnd: dot, segmentBase: segmentBase! };
  };
  let placed = placeAll(false);
  {
    // ld's lang_size_segment: start the data segment on a page boundary when that makes it span
    // one page fewer.
    const first = -placed.segmentBase & (PAGE - 1);
    const last = placed.bssEnd & (PAGE - 1);
    if (first && last && Math.floor(placed.segmentBase / PAGE) !== Math.floor(placed.bssEnd / PAGE) && first + last <= PAGE) {
      placed = placeAll(true);
    }
  }
  const { dataBegin, sdataBegin, edata, bssStart, bssEnd } = placed;
  const gp = Math.min(sdataBegin + 0x800, Math.max(dataBegin + 0x800, bssEnd - 0x800));
  const linkerSymbols = new Map<string, number>([
    ['__global_pointer$', gp],
    ['__DATA_BEGIN__', dataBegin],
    ['__SDATA_BEGIN__', sdataBegin],
    ['__BSS_END__', bssEnd],
    ['__bss_start', bssStart],
    ['_edata', edata],
    ['_end', bssEnd],
  ]);

  // Input section base addresses, per file.
  const base = objects.map(() => new Map<string, number>());
  for (const o of ordered) for (const input of o.inputs) base[input.file]!.set(input.sec.name, o.address + input.offset);
  const outputOf = objects.map(() => new Map<string, string>());
  for (const o of ordered) for (const input of o.inputs) outputOf[input.file]!.set(input.sec.name, o.name);
  // Empty sections still anchor labels: place them at the end of their output's predecessor.
  objects.forEach((obj, f) => {
    for (const sec of obj.sections.values()) {
      if (!base[f]!.has(sec.name)) {
        const out = outputs.get(place(sec).output);
        base[f]!.set(sec.name, out ? out.address + out.size : 0);
      }
    }
  });

  // GNU ld merges SHF_MERGE sections: equal entries (and, for strings, suffixes at an aligned
  // offset) share one copy. When nothing would merge the result is plain concatenation, which is
  // what we produce; when something would, we refuse rather than lay it out differently.
  checkMergeable(objects, diagnostics);

  // 2. Global symbols.
  const globals = new Map<string, { file: number; sym: SymbolState }>();
  objects.forEach((obj, f) => {
    for (const sym of obj.symbols.values()) {
      if (!sym.global || (!sym.value && !sym.deferred)) continue;
      const prev = globals.get(sym.name);
      if (prev && (sym.weak || prev.sym.weak)) {
        // A strong definition wins over a weak one; between weak ones the first stays.
        if (prev.sym.weak && !sym.weak) globals.set(sym.name, { file: f, sym });
        continue;
      }
      if (prev) {
        diagnostics.push(
          error(CODES.duplicateSymbol, `global symbol '${sym.name}' is defined in more than one file`, sym.location, [
            { text: 'first defined here', ...(prev.sym.location ? { location: prev.sym.location } : {}) },
          ]),
        );
        continue;
      }
      globals.set(sym.name, { file: f, sym });
    }
  });

  const envFor = (f: number, dot: Value): EvalEnv => {
    const resolving = new Set<string>();
    const absolute = (file: number, v: Value): Value =>
      v.section === undefined ? v : { section: undefined, offset: BigInt(base[file]!.get(v.section) ?? 0) + v.offset };
    const symValue = (file: number, sym: SymbolState): Value | undefined => {
      if (sym.value) return absolute(file, sym.value);
      if (sym.deferred && !resolving.has(sym.name)) {
        resolving.add(sym.name);
        const r = evaluate(sym.deferred.expr, envFor2(file, absolute(file, sym.deferred.dot)));
        resolving.delete(sym.name);
        return r.ok ? absolute(file, r.value) : undefined;
      }
      return undefined;
    };
    const envFor2 = (file: number, d: Value): EvalEnv => ({
      dot: d,
      lookup: (name) => {
        const local = objects[file]!.symbols.get(name);
        if (local && !local.global && (local.value || local.deferred)) return symValue(file, local);
        const g = globals.get(name);
        if (g) return symValue(g.file, g.sym);
        if (local && local.weak) return { section: undefined, offset: 0n }; // undefined weak: 0
        const l = linkerSymbols.get(name);
        return l === undefined ? undefined : { section: undefined, offset: BigInt(l) };
      },
    });
    return envFor2(f, absolute(f, dot));
  };

  // 3. Output bytes.
  const data = new Map<string, Uint8Array>();
  for (const o of ordered) {
    const bytes = new Uint8Array(o.kind === 'nobits' ? 0 : o.size);
    if (o.kind !== 'nobits') for (const input of o.inputs) bytes.set(input.sec.bytes.subarray(0, input.sec.size), input.offset);
    data.set(o.name, bytes);
  }

  // 4. Fixups: pcrel_hi20 first (their values feed the pcrel_lo12 of the same auipc).
  const fail = (fx: Fixup, text: string) => diagnostics.push(error(CODES.undefinedSymbol, text, fx.location, fx.notes));
  const pcrelHi = new Map<number, number>();
  const ordering = (fx: Fixup) => (fx.kind === 'pcrel_lo12_i' || fx.kind === 'pcrel_lo12_s' ? 1 : 0);
  objects.forEach((obj, f) => {
    const fixups = [...obj.fixups].sort((a, b) => ordering(a) - ordering(b));
    for (const fx of fixups) {
      const out = outputs.get(place(obj.sections.get(fx.section)!).output);
      if (!out) continue;
      const secBase = base[f]!.get(fx.section)!;
      const pc = secBase + fx.offset;
      const at = pc - out.address;
      const bytes = data.get(out.name)!;
      const r = evaluate(fx.expr, envFor(f, fx.dot));
      if (!r.ok) {
        if (r.unknown) fail(fx, `undefined ${displayName(r.symbol)}`);
        else diagnostics.push(error(CODES.badExpression, r.message, fx.location, fx.notes));
        continue;
      }
      const target = Number(BigInt.asIntN(32, r.value.offset));
      let value: number;
      switch (fx.kind) {
        case 'hi20': case 'lo12_i': case 'lo12_s':
          value = target;
          break;
        case 'data': {
          value = target;
          const v = r.value.offset;
          const mask = (1n << BigInt(8 * fx.size)) - 1n;
          if ((v & ~mask) !== 0n && (v | mask) !== -1n) {
            diagnostics.push(warning(CODES.valueTruncated, `value 0x${BigInt.asUintN(64, v).toString(16)} truncated to ${fx.size} byte(s)`, fx.location, fx.notes));
          }
          break;
        }
        case 'pcrel_hi20':
          value = (target - pc) | 0;
          pcrelHi.set(pc, value);
          break;
        case 'jal': case 'branch': case 'call':
          value = (target - pc) | 0;
          break;
        case 'pcrel_lo12_i': case 'pcrel_lo12_s': {
          const hi = pcrelHi.get(target >>> 0);
          if (hi === undefined) {
            diagnostics.push(error(CODES.pcrelLo, '%pcrel_lo must name the label of an auipc with %pcrel_hi', fx.location, fx.notes));
            continue;
          }
          value = hi;
          break;
        }
        default: {
          const never: never = fx.kind;
          throw new Error(`unhandled fixup ${String(never)}`);
        }
      }
      const problem = applyFixup(fx.kind, bytes, at, value, fx.size);
      if (problem) diagnostics.push(error(CODES.branchRange, problem, fx.location, fx.notes));
    }
  });

  // 5. Symbols, entry, lines.
  const symbols: ElfSymbol[] = [];
  const finalValue = (f: number, sym: SymbolState): number | undefined => {
    const r = evaluate({ k: 'sym', name: sym.name, start: 0, end: 0 }, envFor(f, { section: undefined, offset: 0n }));
    return r.ok ? Number(BigInt.asUintN(32, r.value.offset)) : undefined;
  };
  const sectionOfSym = (f: number, sym: SymbolState): string | undefined => {
    let v = sym.value;
    if (!v && sym.deferred) {
      const r = evaluate(sym.deferred.expr, objects[f]!.envAtEnd(sym.deferred.dot));
      v = r.ok ? r.value : undefined;
    }
    return v?.section === undefined ? undefined : outputOf[f]!.get(v.section) ?? v.section;
  };
  objects.forEach((obj, f) => {
    for (const sym of obj.symbols.values()) {
      if (sym.hidden || (!sym.value && !sym.deferred)) continue;
      if (sym.weak && globals.get(sym.name)?.sym !== sym) continue; // overridden
      const value = finalValue(f, sym);
      if (value === undefined) {
        diagnostics.push(error(CODES.undefinedSymbol, `cannot compute the value of '${sym.name}'`, sym.location));
        continue;
      }
      let size = 0;
      if (sym.size) {
        const r = evaluate(sym.size.expr, envFor(f, sym.size.dot));
        if (r.ok) size = Number(BigInt.asUintN(32, r.value.offset));
        else diagnostics.push(error(CODES.badExpression, `cannot compute .size of '${sym.name}'`, sym.location));
      }
      symbols.push({
        name: sym.name, value, size, binding: sym.weak ? 'weak' : sym.global ? 'global' : 'local', type: sym.type, section: sectionOfSym(f, sym),
      });
    }
  });
  for (const [name, value] of linkerSymbols) {
    if (!globals.has(name)) symbols.push({ name, value: value >>> 0, size: 0, binding: 'global', type: 'notype', section: undefined });
  }
  // Undefined global references are reported at their uses (fixups); `.globl` of nothing is fine.

  const entryName = options.entry ?? '_start';
  const textOut = outputs.get('.text');
  let entry: number;
  const g = globals.get(entryName);
  if (g) {
    entry = finalValue(g.file, g.sym) ?? 0;
  } else {
    const where = textOut ? textOut.address : TEXT_SEGMENT + headers;
    const text = `cannot find entry symbol '${entryName}' (it must be .globl)`;
    diagnostics.push(options.entry !== undefined ? error(CODES.entry, text) : warning(CODES.entry, `${text}; defaulting to 0x${where.toString(16)}`));
    entry = where;
  }

  const lines: LineEntry[] = [];
  if (options.debugLines) {
    objects.forEach((obj, f) => {
      for (const sec of obj.sections.values()) {
        const b = base[f]!.get(sec.name)!;
        for (const l of sec.lines) lines.push({ address: (b + l.offset) >>> 0, file: l.file, line: l.line });
      }
    });
    lines.sort((a, b) => a.address - b.address);
  }

  const sections: ElfSection[] = ordered.map((o) => ({
    name: o.name,
    kind: o.kind,
    address: o.address >>> 0,
    size: o.size,
    data: data.get(o.name)!,
    flags: { alloc: true, write: o.flags.write, exec: o.flags.exec },
    alignment: o.alignment,
  }));

  const image: ElfWriteInput = { entry: entry >>> 0, sections, symbols, ...(options.debugLines ? { lines } : {}) };
  return { image, diagnostics };
}

export type { SourceLocation };
