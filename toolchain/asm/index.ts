// The assembler's library API: source files in, an ELF image (and the laid-out ElfWriteInput) and
// diagnostics out. The passes, one module each: lexer -> preprocess -> layout (parse, lay out,
// encode via forms/encoder) -> link (resolve fixups, place sections) -> ELF writer.

import type { Diagnostic } from '../diagnostics';
import { hasErrors } from '../diagnostics';
import type { ElfWriteInput } from '../elf/types';
import { writeElf as defaultWriteElf } from '../elf/writer';
import { layoutFile, type ObjectFile } from './layout';
import { gnuLongBranches } from './relax';
import { link } from './link';
import type { PreprocessLimits } from './preprocess';

export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export interface AssembleOptions {
  /** Resolves `.include "name"` seen in `fromFile`; undefined when it does not exist. */
  readonly readFile?: (path: string, fromFile: string) => SourceFile | undefined;
  /** Entry symbol; default `_start` (a warning, not an error, when it is missing). */
  readonly entry?: string;
  /** Record file:line for every instruction (ElfWriteInput.lines; the writer emits .debug_line). */
  readonly debugLines?: boolean;
  /** Turns the laid-out image into ELF bytes (default: toolchain/elf/writer's writeElf). */
  readonly writeElf?: (input: ElfWriteInput) => Uint8Array;
  readonly limits?: PreprocessLimits;
}

export interface AssembleResult {
  readonly elf?: Uint8Array;
  readonly image?: ElfWriteInput;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Assembles one file. Conditional branches get the form GNU as's relaxation gives them
 * (relax.ts): a first layout records the frag structure, the relaxation is replayed on it, and
 * the file is laid out again with the resulting long branches.
 */
export function assembleObject(file: SourceFile, options: AssembleOptions): ObjectFile {
  const layoutOptions = { ...(options.readFile ? { readFile: options.readFile } : {}), ...(options.limits ? { limits: options.limits } : {}) };
  const first = layoutFile(file, layoutOptions, () => false);
  if (hasErrors(first.diagnostics) || first.branches.length === 0) return first;
  const long = gnuLongBranches(first);
  if (long.size === 0) return first;
  return layoutFile(file, layoutOptions, (i) => long.has(i));
}

import * as evaluator from './expr';
import { applyFixup } from './fixups';

export function assemble(files: readonly SourceFile[], options: AssembleOptions = {}): AssembleResult {
  const objects = files.map((f) => assembleObject(f, options));
  const diagnostics: Diagnostic[] = objects.flatMap((o) => o.diagnostics);
  if (hasErrors(diagnostics)) return { diagnostics };
  const linked = link(objects, {
    ...(options.entry !== undefined ? { entry: options.entry } : {}),
    ...(options.debugLines ? { debugLines: true } : {}),
  });
  diagnostics.push(...linked.diagnostics);
  if (hasErrors(diagnostics) || !linked.image) return { diagnostics };
  const elf = (options.writeElf ?? defaultWriteElf)(linked.image);
  return { image: linked.image, diagnostics, elf };
}

/**
 * Assembles one instruction (or pseudo-instruction producing one or more words) placed at
 * `address` and returns its words; throws with the diagnostics' text on error. For tests and the
 * round trip. Branch and jump targets are absolute addresses, as objdump prints them.
 */
export function assembleInstruction(text: string, address = 0): number[] {
  const obj = assembleObject({ path: '<insn>', text: `.text\n${text}\n` }, {});
  const errors = obj.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => d.text).join('; '));
  const bytes = relinkAt(obj, address);
  const words: number[] = [];
  for (let i = 0; i + 3 < bytes.length; i += 4) {
    words.push((bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) >>> 0);
  }
  return words;
}

/** Applies obj's fixups with .text at `address`; every symbol must be absolute or in .text. */
function relinkAt(obj: ObjectFile, address: number): Uint8Array {
  const sec = obj.sections.get('.text')!;
  const bytes = sec.bytes.slice(0, sec.size);
  const env = (dot: evaluator.Value) => {
    const inner = obj.envAtEnd(dot);
    const abs = (v: evaluator.Value): evaluator.Value =>
      v.section === '.text' ? { section: undefined, offset: v.offset + BigInt(address) } : v;
    return { dot: abs(dot), lookup: (n: string) => { const v = inner.lookup(n); return v && abs(v); } };
  };
  const pcrelHi = new Map<number, number>();
  const order = [...obj.fixups].sort((a, b) => Number(a.kind.startsWith('pcrel_lo')) - Number(b.kind.startsWith('pcrel_lo')));
  for (const fx of order) {
    const r = evaluator.evaluate(fx.expr, env(fx.dot));
    if (!r.ok || r.value.section !== undefined) throw new Error(`cannot resolve operand at ${fx.location.column}`);
    const target = Number(BigInt.asIntN(32, r.value.offset));
    const pc = address + fx.offset;
    let value = target;
    if (fx.kind === 'pcrel_hi20') {
      value = (target - pc) | 0;
      pcrelHi.set(pc, value);
    } else if (fx.kind === 'jal' || fx.kind === 'branch' || fx.kind === 'call') {
      value = (target - pc) | 0;
    } else if (fx.kind === 'pcrel_lo12_i' || fx.kind === 'pcrel_lo12_s') {
      value = pcrelHi.get(target >>> 0) ?? 0;
    }
    const problem = applyFixup(fx.kind, bytes, fx.offset, value, fx.size);
    if (problem) throw new Error(problem);
  }
  return bytes;
}
