// Pass 3+4, parse and lay out one source file: drives the preprocessor, reads each statement
// (labels, directives, instructions), keeps the location counter of every section, encodes each
// instruction whose operands are known and records a fixup for the rest. The result is an object
// file in memory: section bytes at offsets from 0, symbols relative to sections, fixups.
//
// Conditional branches follow GNU as: to a label of the same section within reach they take one
// word; otherwise (other section, other file, absolute address, out of reach) GNU as writes the
// inverted branch over a `jal`. Which branches need the long form is only known at the end of the
// file, so the caller runs this pass again with those branches marked long until nothing changes.

import type { Diagnostic, SourceLocation } from '../diagnostics';
import { instructionByMnemonic, type InstructionSpec } from '../isa';
import { CODES, error, warning, type Code } from './codes';
import { encode, emptyFields, immediateBits, type FieldValues } from './encoder';
import {
  ExprSyntaxError, TokenCursor, evaluate, parseExpr, type EvalEnv, type Expr, type ExprParseOptions, type Value,
} from './expr';
import type { Fixup, FixupKind } from './fixups';
import { hi20, lo12 } from './fixups';
import { decimalToFloat32Bits } from './float';
import { ALL_MNEMONICS, assembleForms, hasMnemonic, type ImmRef, type InsnContext } from './forms';
import { decodeString, expansionNotes, locationOf, splitStatements, type Statement, type Token } from './lexer';
import { OperandError, splitOperands, type ImmOperand } from './operands';
import { preprocess, type PreprocessLimits, DEFAULT_LIMITS } from './preprocess';

export interface SectionFlags {
  readonly alloc: boolean;
  readonly write: boolean;
  readonly exec: boolean;
}

export class SectionBuffer {
  bytes = new Uint8Array(256);
  size = 0;
  alignment: number;
  readonly lines: { offset: number; file: string; line: number }[] = [];
  /**
   * GNU as's frag boundaries in this section, in order (relaxable branches, alignments, .space/
   * .fill/.org runs), with where they start and how many bytes they took in this layout. The
   * relaxation emulation (relax.ts) replays GNU's frag addresses from them.
   */
  readonly frags: FragItem[] = [];
  /** SHF_MERGE (+ SHF_STRINGS) sections, which GNU ld deduplicates; see link.ts. */
  merge: { strings: boolean; entsize: number } | undefined = undefined;
  constructor(
    readonly name: string,
    readonly kind: 'progbits' | 'nobits',
    readonly flags: SectionFlags,
  ) {
    // GNU as starts `.text` at 4-byte alignment; every other section starts at 1.
    this.alignment = name === '.text' ? 4 : 1;
  }
  reserve(n: number): number {
    const at = this.size;
    if (this.kind === 'progbits' && at + n > this.bytes.length) {
      let cap = this.bytes.length * 2;
      while (cap < at + n) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.bytes.subarray(0, at));
      this.bytes = next;
    }
    this.size = at + n;
    return at;
  }
}

export type FragItem =
  | { readonly kind: 'branch'; readonly offset: number; readonly size: number; readonly branch: number }
  | { readonly kind: 'align'; readonly offset: number; readonly size: number; readonly align: number; readonly max: number | undefined }
  | { readonly kind: 'fill'; readonly offset: number; readonly size: number };

export interface SymbolState {
  readonly name: string;
  /** Label or constant value, once defined. */
  value: Value | undefined;
  /** `.equ`/`.set` whose expression was not computable when written: evaluated on use. */
  deferred: { expr: Expr; dot: Value } | undefined;
  global: boolean;
  /** `.weak`: global, but a strong definition elsewhere wins and undefined means 0. */
  weak: boolean;
  type: 'notype' | 'object' | 'func';
  size: { expr: Expr; dot: Value } | undefined;
  /** Defined by a label (not by .set), so a second definition is an error. */
  isLabel: boolean;
  location: SourceLocation | undefined;
  /** For labels: how many frag items of its section precede it (which GNU frag it is in). */
  frag: number;
  /** Never written to the symbol table (.L labels, numeric labels, pcrel anchors). */
  readonly hidden: boolean;
}

export interface BranchRecord {
  readonly index: number;
  /** Written in the long form (inverted branch over a jal). */
  readonly long: boolean;
  readonly section: string;
  readonly offset: number;
  readonly target: ImmOperand;
  readonly dot: Value;
}

export interface ObjectFile {
  readonly file: string;
  readonly sections: ReadonlyMap<string, SectionBuffer>;
  readonly symbols: ReadonlyMap<string, SymbolState>;
  readonly fixups: readonly Fixup[];
  readonly branches: readonly BranchRecord[];
  readonly diagnostics: readonly Diagnostic[];
  /** Evaluates in this file's scope at the end of the file (labels relative to sections). */
  readonly envAtEnd: (dot: Value) => EvalEnv;
}

export interface LayoutOptions {
  readonly readFile?: (path: string, fromFile: string) => { path: string; text: string } | undefined;
  readonly limits?: PreprocessLimits;
}

const INVERT: Readonly<Record<string, string>> = { beq: 'bne', bne: 'beq', blt: 'bge', bge: 'blt', bltu: 'bgeu', bgeu: 'bltu' };

function defaultFlags(name: string): { kind: 'progbits' | 'nobits'; flags: SectionFlags } | undefined {
  const is = (p: string) => name === p || name.startsWith(p + '.');
  if (is('.text')) return { kind: 'progbits', flags: { alloc: true, write: false, exec: true } };
  if (is('.data') || is('.sdata')) return { kind: 'progbits', flags: { alloc: true, write: true, exec: false } };
  if (is('.bss') || is('.sbss')) return { kind: 'nobits', flags: { alloc: true, write: true, exec: false } };
  if (is('.rodata') || is('.srodata')) return { kind: 'progbits', flags: { alloc: true, write: false, exec: false } };
  return undefined;
}

class Layout {
  readonly diagnostics: Diagnostic[] = [];
  readonly sections = new Map<string, SectionBuffer>();
  readonly symbols = new Map<string, SymbolState>();
  readonly fixups: Fixup[] = [];
  readonly branches: BranchRecord[] = [];
  readonly localCounts = new Map<number, number>();
  current: SectionBuffer;
  previous: SectionBuffer;
  readonly sectionStack: { current: SectionBuffer; previous: SectionBuffer }[] = [];
  branchIndex = 0;
  anchorCount = 0;
  optionDepth = 0;
  /** The statement being assembled (for diagnostics). */
  stmt: Statement | undefined;
  readonly exprOpts: ExprParseOptions;

  constructor(
    readonly file: string,
    readonly longBranches: (index: number) => boolean,
  ) {
    this.current = this.section('.text')!;
    this.previous = this.current;
    this.exprOpts = {
      localRef: (n, dir) => {
        const count = this.localCounts.get(n) ?? 0;
        return `.L${n}\u0002${dir === 'b' ? count : count + 1}`;
      },
    };
  }

  section(name: string, explicit?: { kind: 'progbits' | 'nobits'; flags: SectionFlags }): SectionBuffer | undefined {
    const existing = this.sections.get(name);
    if (existing) return existing;
    const d = explicit ?? defaultFlags(name);
    if (!d) return undefined;
    const s = new SectionBuffer(name, d.kind, d.flags);
    this.sections.set(name, s);
    return s;
  }

  // ---- diagnostics --------------------------------------------------------------------------
  report(code: Code, text: string, start = 0, end?: number, severity: 'error' | 'warning' = 'error'): void {
    const stmt = this.stmt!;
    const loc = locationOf(stmt, start, end ?? Math.max(stmt.text.length, start + 1));
    this.diagnostics.push((severity === 'error' ? error : warning)(code, text, loc, expansionNotes(stmt)));
  }

  // ---- symbols ------------------------------------------------------------------------------
  symbol(name: string): SymbolState {
    let s = this.symbols.get(name);
    if (!s) {
      s = {
        name, value: undefined, deferred: undefined, global: false, weak: false, type: 'notype', size: undefined, isLabel: false, frag: 0,
        location: undefined, hidden: name.startsWith('.L'),
      };
      this.symbols.set(name, s);
    }
    return s;
  }

  dot(): Value {
    return { section: this.current.name, offset: BigInt(this.current.size) };
  }

  readonly resolving = new Set<string>();
  readonly lookup = (name: string): Value | undefined => {
    const s = this.symbols.get(name);
    if (!s) return undefined;
    if (s.value) return s.value;
    if (s.deferred && !this.resolving.has(name)) {
      this.resolving.add(name);
      const r = evaluate(s.deferred.expr, { lookup: this.lookup, dot: s.deferred.dot });
      this.resolving.delete(name);
      return r.ok ? r.value : undefined;
    }
    return undefined;
  };

  env(dot: Value): EvalEnv {
    return { lookup: this.lookup, dot };
  }

  defineLabel(name: string, start: number, end: number): void {
    const s = this.symbol(name);
    if (s.value || s.deferred) {
      this.report(CODES.duplicateSymbol, `symbol '${name}' is already defined`, start, end);
      return;
    }
    s.value = this.dot();
    s.isLabel = true;
    s.frag = this.current.frags.length;
    s.location = locationOf(this.stmt!, start, end);
  }

  // ---- expressions --------------------------------------------------------------------------
  parseExprAt(tokens: readonly Token[], from: number, to = tokens.length): Expr | undefined {
    const slice = tokens.slice(from, to);
    const cur = new TokenCursor(slice, this.stmt!.text.length);
    try {
      const e = parseExpr(cur, this.exprOpts);
      if (!cur.atEnd()) {
        const t = cur.peek()!;
        this.report(CODES.badExpression, `unexpected '${t.text}' after expression`, t.start, t.end);
        return undefined;
      }
      return e;
    } catch (e) {
      if (e instanceof ExprSyntaxError) {
        this.report(CODES.badExpression, e.message, e.start, e.end);
        return undefined;
      }
      throw e;
    }
  }

  /** Evaluates to a value known now; reports when it is not. */
  valueNow(e: Expr, what: string): Value | undefined {
    const r = evaluate(e, this.env(this.dot()));
    if (r.ok) return r.value;
    if (r.unknown) {
      this.report(CODES.notConstant, `${what} must be known at this point, but '${r.symbol}' is not defined yet`, r.start, r.end);
    } else {
      this.report(CODES.badExpression, r.message, r.start, r.end);
    }
    return undefined;
  }

  absoluteNow(e: Expr, what: string): bigint | undefined {
    if (e.k === 'num') return BigInt.asIntN(64, e.value);
    const v = this.valueNow(e, what);
    if (!v) return undefined;
    if (v.section !== undefined) {
      this.report(CODES.notConstant, `${what} must be an absolute value, not an address in ${v.section}`, e.start, e.end);
      return undefined;
    }
    return v.offset;
  }

  // ---- output -------------------------------------------------------------------------------
  writeBytes(bytes: ArrayLike<number>, start: number, end: number): void {
    const sec = this.current;
    if (sec.kind === 'nobits') {
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] !== 0) {
          this.report(CODES.badDirective, `section '${sec.name}' holds no data: only zeros may be written to it`, start, end);
          return;
        }
      }
      sec.reserve(bytes.length);
      return;
    }
    const at = sec.reserve(bytes.length);
    for (let i = 0; i < bytes.length; i++) sec.bytes[at + i] = bytes[i]!;
  }

  writeWord(word: number): number {
    const sec = this.current;
    if (sec.kind === 'nobits') {
      this.report(CODES.badDirective, `instructions cannot go in '${sec.name}' (it holds no data)`);
      return sec.reserve(4);
    }
    const at = sec.reserve(4);
    sec.bytes[at] = word & 0xff;
    sec.bytes[at + 1] = (word >>> 8) & 0xff;
    sec.bytes[at + 2] = (word >>> 16) & 0xff;
    sec.bytes[at + 3] = (word >>> 24) & 0xff;
    sec.lines.push({ offset: at, file: this.stmt!.file, line: this.stmt!.line });
    return at;
  }

  addFixup(kind: FixupKind, offset: number, expr: Expr, dot: Value, size: number, start: number, end: number): void {
    const stmt = this.stmt!;
    this.fixups.push({
      kind, section: this.current.name, offset, expr, dot, size,
      location: locationOf(stmt, start, end), notes: expansionNotes(stmt),
    });
  }

  // ---- statements ---------------------------------------------------------------------------
  statement(stmt: Statement, tokens: readonly Token[]): void {
    this.stmt = stmt;
    let i = 0;
    // Labels: `name:` and numeric `1:`.
    while (i + 1 < tokens.length && tokens[i + 1]!.kind === 'punct' && tokens[i + 1]!.text === ':') {
      const t = tokens[i]!;
      if (t.kind === 'ident' && t.text !== '.') {
        this.defineLabel(t.text, t.start, t.end);
      } else if (t.kind === 'number' && /^\d+$/.test(t.text)) {
        const n = t.value;
        const count = (this.localCounts.get(n) ?? 0) + 1;
        this.localCounts.set(n, count);
        this.defineLabel(`.L${n}\u0002${count}`, t.start, t.end);
      } else {
        break;
      }
      i += 2;
    }
    if (i >= tokens.length) return;
    const head = tokens[i]!;
    // `sym = expr`
    if (head.kind === 'ident' && tokens[i + 1]?.kind === 'punct' && tokens[i + 1]!.text === '=') {
      this.assign(head, tokens, i + 2, 'set');
      return;
    }
    if (head.kind !== 'ident') {
      this.report(CODES.syntax, `expected a label, directive or instruction, found '${head.text}'`, head.start, head.end);
      return;
    }
    if (head.text.startsWith('.')) {
      this.directive(head.text.toLowerCase(), head, tokens, i + 1);
      return;
    }
    this.instruction(head.text.toLowerCase(), head, tokens, i + 1);
  }

  assign(nameTok: Token, tokens: readonly Token[], from: number, how: 'set' | 'equiv'): void {
    if (nameTok.kind !== 'ident') {
      this.report(CODES.badDirective, 'expected a symbol name', nameTok.start, nameTok.end);
      return;
    }
    if (from >= tokens.length) {
      this.report(CODES.badDirective, `missing value for '${nameTok.text}'`, nameTok.start, nameTok.end);
      return;
    }
    const e = this.parseExprAt(tokens, from);
    if (!e) return;
    const s = this.symbol(nameTok.text);
    if (s.isLabel || (how === 'equiv' && (s.value || s.deferred))) {
      this.report(CODES.duplicateSymbol, `symbol '${nameTok.text}' is already defined`, nameTok.start, nameTok.end);
      return;
    }
    const dot = this.dot();
    const r = evaluate(e, this.env(dot));
    s.location = locationOf(this.stmt!, nameTok.start, nameTok.end);
    if (r.ok) {
      s.value = r.value;
      s.deferred = undefined;
    } else if (r.unknown) {
      s.value = undefined;
      s.deferred = { expr: e, dot };
    } else {
      this.report(CODES.badExpression, r.message, r.start, r.end);
    }
  }

  // ---- instructions -------------------------------------------------------------------------
  instruction(mnemonic: string, head: Token, tokens: readonly Token[], from: number): void {
    if (!hasMnemonic(mnemonic)) {
      const near = nearest(mnemonic, ALL_MNEMONICS);
      this.report(CODES.unknownMnemonic, `unknown instruction '${head.text}'${near ? ` (did you mean '${near}'?)` : ''}`, head.start, head.end);
      return;
    }
    let slices;
    try {
      slices = splitOperands(tokens, from, this.stmt!.text.length);
    } catch (e) {
      if (e instanceof OperandError) {
        this.report(CODES.syntax, e.message, e.start, e.end);
        return;
      }
      throw e;
    }
    assembleForms(mnemonic, slices, this.insnContext, this.exprOpts, {
      start: head.start, end: tokens.length > from ? tokens[tokens.length - 1]!.end : head.end,
    });
  }

  readonly insnContext: InsnContext = {
    insn: (mnemonic, fields, imm) => this.emitInsn(mnemonic, fields, imm),
    branch: (mnemonic, rs1, rs2, target) => this.emitBranch(mnemonic, rs1, rs2, target),
    constant: (op) => {
      if (op.mod !== undefined) return undefined;
      const r = evaluate(op.expr, this.env(this.dot()));
      return r.ok && r.value.section === undefined ? r.value.offset : undefined;
    },
    range: (op, lo, hi, what) => {
      if (op.mod !== undefined) {
        this.report(CODES.operandKind, `%${op.mod} is not allowed here`, op.start, op.end);
        return undefined;
      }
      const v = this.absoluteNow(op.expr, what);
      if (v === undefined) return undefined;
      if (v < BigInt(lo) || v > BigInt(hi)) {
        this.report(CODES.immediateRange, `${what} ${v} out of range [${lo}, ${hi}]`, op.start, op.end);
        return undefined;
      }
      return Number(v);
    },
    anchor: () => {
      const name = `.Lpcrel\u0002${this.anchorCount++}`;
      const s = this.symbol(name);
      s.value = this.dot();
      s.isLabel = true;
      s.frag = this.current.frags.length;
      return name;
    },
    error: (code, message, start, end) => this.report(code, message, start, end),
  };

  spec(mnemonic: string): InstructionSpec {
    const spec = instructionByMnemonic(mnemonic);
    if (!spec) throw new Error(`assembler: no table entry for '${mnemonic}'`);
    return spec;
  }

  emitInsn(mnemonic: string, fields: Partial<FieldValues>, imm: ImmRef | undefined): void {
    const spec = this.spec(mnemonic);
    const values = { ...emptyFields(), ...fields };
    let fixup: { kind: FixupKind; expr: Expr; start: number; end: number } | undefined;
    if (imm) {
      switch (imm.k) {
        case 'value':
          values.imm = imm.value;
          break;
        case 'user': {
          const r = this.userImmediate(spec, imm.op);
          if (r === undefined) return;
          if (typeof r === 'number') values.imm = r;
          else fixup = { kind: r.kind, expr: imm.op.expr, start: imm.op.start, end: imm.op.end };
          break;
        }
        case 'jal':
          fixup = { kind: 'jal', expr: imm.target.expr, start: imm.target.start, end: imm.target.end };
          break;
        case 'call':
          fixup = { kind: 'call', expr: imm.target.expr, start: imm.target.start, end: imm.target.end };
          break;
        case 'pcrel_hi':
          fixup = { kind: 'pcrel_hi20', expr: imm.target.expr, start: imm.target.start, end: imm.target.end };
          break;
        case 'pcrel_lo': {
          const kind = spec.fields.includes('imm12hi') ? 'pcrel_lo12_s' : 'pcrel_lo12_i';
          fixup = { kind, expr: { k: 'sym', name: imm.anchor, start: imm.start, end: imm.end }, start: imm.start, end: imm.end };
          break;
        }
        default: {
          const never: never = imm;
          throw new Error(`unhandled immediate ${JSON.stringify(never)}`);
        }
      }
    }
    const dot = fixup ? this.dot() : undefined;
    const at = this.writeWord(encode(spec, values));
    if (fixup) this.addFixup(fixup.kind, at, fixup.expr, dot!, fixup.kind === 'call' ? 8 : 4, fixup.start, fixup.end);
  }

  /** A user-written immediate: a constant (range-checked) or a %modifier fixup. */
  userImmediate(spec: InstructionSpec, op: ImmOperand): number | { kind: FixupKind } | undefined {
    const isU = spec.fields.includes('imm20');
    const isS = spec.fields.includes('imm12hi');
    const isShamt = spec.fields.includes('shamtw');
    if (op.mod !== undefined) {
      const allowed = isShamt ? [] : isU ? ['hi', 'pcrel_hi'] : ['lo', 'pcrel_lo'];
      if (!allowed.includes(op.mod)) {
        this.report(CODES.operandKind, `%${op.mod} cannot be used with '${spec.mnemonic}'${allowed.length ? ` (use ${allowed.map((a) => '%' + a).join(' or ')})` : ''}`, op.start, op.end);
        return undefined;
      }
      if (op.mod === 'hi' || op.mod === 'lo') {
        const r = evaluate(op.expr, this.env(this.dot()));
        if (r.ok && r.value.section === undefined) {
          const v = Number(BigInt.asIntN(32, r.value.offset));
          return op.mod === 'hi' ? hi20(v) : lo12(v);
        }
        if (!r.ok && !r.unknown) {
          this.report(CODES.badExpression, r.message, r.start, r.end);
          return undefined;
        }
        return { kind: op.mod === 'hi' ? 'hi20' : isS ? 'lo12_s' : 'lo12_i' };
      }
      return { kind: op.mod === 'pcrel_hi' ? 'pcrel_hi20' : isS ? 'pcrel_lo12_s' : 'pcrel_lo12_i' };
    }
    const v = this.absoluteNow(op.expr, 'immediate');
    if (v === undefined) return undefined;
    const [lo, hi] = isU ? [0, 0xfffff] : isShamt ? [0, 31] : [-2048, 2047];
    if (v < BigInt(lo) || v > BigInt(hi)) {
      this.report(CODES.immediateRange, `immediate ${v} out of range [${lo}, ${hi}] for '${spec.mnemonic}'`, op.start, op.end);
      return undefined;
    }
    return Number(v);
  }

  emitBranch(mnemonic: string, rs1: number, rs2: number, target: ImmOperand): void {
    const index = this.branchIndex++;
    const dot = this.dot();
    if (this.longBranches(index)) {
      // Inverted branch over the next word, then jal x0, target.
      this.current.frags.push({ kind: 'branch', offset: this.current.size, size: 8, branch: this.branches.length });
      const first = this.writeWord(encode(this.spec(INVERT[mnemonic]!), { ...emptyFields(), rs1, rs2, imm: 8 }));
      const at = this.writeWord(encode(this.spec('jal'), emptyFields()));
      this.addFixup('jal', at, target.expr, dot, 4, target.start, target.end);
      this.branches.push({ index, long: true, section: this.current.name, offset: first, target, dot });
      return;
    }
    this.current.frags.push({ kind: 'branch', offset: this.current.size, size: 4, branch: this.branches.length });
    const at = this.writeWord(encode(this.spec(mnemonic), { ...emptyFields(), rs1, rs2 }));
    this.addFixup('branch', at, target.expr, dot, 4, target.start, target.end);
    this.branches.push({ index, long: false, section: this.current.name, offset: at, target, dot });
  }

  // ---- directives ---------------------------------------------------------------------------
  args(tokens: readonly Token[], from: number, allowEmpty = false): { start: number; end: number; tokens: Token[] }[] | undefined {
    try {
      return splitOperands(tokens, from, this.stmt!.text.length, allowEmpty).map((s) => ({ ...s, tokens: [...s.tokens] }));
    } catch (e) {
      if (e instanceof OperandError) {
        this.report(CODES.syntax, e.message, e.start, e.end);
        return undefined;
      }
      throw e;
    }
  }

  switchTo(name: string, explicit: { kind: 'progbits' | 'nobits'; flags: SectionFlags } | undefined, start: number, end: number): void {
    const s = this.section(name, explicit);
    if (!s) {
      this.report(CODES.badDirective, `section '${name}' needs flags, e.g. .section ${name}, "aw" (non-allocated sections are not supported)`, start, end);
      return;
    }
    if (explicit && (s.kind !== explicit.kind || s.flags.write !== explicit.flags.write || s.flags.exec !== explicit.flags.exec)) {
      this.report(CODES.badDirective, `section '${name}' was declared with other flags`, start, end, 'warning');
    }
    if (!s.flags.alloc) {
      this.report(CODES.badDirective, `section '${name}' is not allocated (flag "a"); non-allocated sections are not supported`, start, end);
      return;
    }
    this.previous = this.current;
    this.current = s;
  }

  sectionDirective(tokens: readonly Token[], from: number, head: Token): SectionBuffer | undefined {
    const text = this.stmt!.text.slice(head.end).trim();
    const m = /^("?)([A-Za-z0-9_.$@-]+)\1\s*(?:,\s*"([a-zA-Z0-9?]*)"\s*(?:,\s*[@%](progbits|nobits)\s*(?:,\s*(\d+))?)?)?$/.exec(text);
    if (!m) {
      this.report(CODES.badDirective, 'expected .section NAME[, "FLAGS"[, @progbits|@nobits[, ENTSIZE]]]', head.start);
      return undefined;
    }
    const name = m[2]!;
    let explicit: { kind: 'progbits' | 'nobits'; flags: SectionFlags } | undefined;
    if (m[3] !== undefined) {
      const f = m[3];
      for (const c of f) {
        if (!'awxMS'.includes(c)) {
          this.report(CODES.badDirective, `unsupported section flag '${c}' (supported: a, w, x, M, S)`, head.start);
          return undefined;
        }
      }
      if (f.includes('M') && m[5] === undefined) {
        this.report(CODES.badDirective, `flag "M" needs an entry size: .section ${name}, "${f}", @progbits, SIZE`, head.start);
        return undefined;
      }
      const d = defaultFlags(name);
      const kind = m[4] === 'nobits' ? 'nobits' : m[4] === 'progbits' ? 'progbits' : (d?.kind ?? 'progbits');
      explicit = { kind, flags: { alloc: f.includes('a'), write: f.includes('w'), exec: f.includes('x') } };
    }
    this.switchTo(name, explicit, head.start, this.stmt!.text.length);
    if (m[3]?.includes('M') && this.current.name === name) {
      this.current.merge = { strings: m[3].includes('S'), entsize: Number(m[5]) };
    }
    void tokens;
    void from;
    return this.current;
  }

  align(bytes: number, fill: number | undefined, max: number | undefined): void {
    const sec = this.current;
    // GNU as (no compressed instructions): alignment to 4 bytes or less in a code section only
    // records the section's alignment and pads nothing, even after a .byte (riscv_frag_align_code).
    if (bytes > sec.alignment) sec.alignment = bytes;
    if (sec.flags.exec && bytes <= 4) return;
    let pad = (bytes - (sec.size % bytes)) % bytes;
    if (max !== undefined && pad > max) pad = 0;
    sec.frags.push({ kind: 'align', offset: sec.size, size: pad, align: bytes, max });
    if (pad === 0) return;
    if (sec.kind === 'nobits' || (!sec.flags.exec && fill === undefined)) {
      if (sec.kind === 'nobits') sec.reserve(pad);
      else this.writeBytes(new Uint8Array(pad), 0, 0);
      return;
    }
    if (fill !== undefined) {
      this.writeBytes(new Uint8Array(pad).fill(fill & 0xff), 0, 0);
      return;
    }
    // Code: GNU as writes a zero byte for odd padding, then a 2-byte c.nop (0x0001), then nops.
    this.writeBytes(codePadding(pad), 0, 0);
  }

  finish(): void {
    // GNU as pads the end of every code section to the section's alignment with code padding.
    for (const sec of this.sections.values()) {
      if (!sec.flags.exec || sec.kind === 'nobits') continue;
      const pad = (sec.alignment - (sec.size % sec.alignment)) % sec.alignment;
      if (pad === 0) continue;
      const bytes = codePadding(pad);
      const at = sec.reserve(pad);
      sec.bytes.set(bytes, at);
    }
  }

  data(size: number, tokens: readonly Token[], from: number): void {
    const args = this.args(tokens, from);
    if (!args) return;
    for (const a of args) {
      const e = this.parseExprAt(a.tokens, 0);
      if (!e) continue;
      const dot = this.dot();
      const r = evaluate(e, this.env(dot));
      if (r.ok && r.value.section === undefined) {
        const v = r.value.offset;
        if (size < 8) {
          const mask = (1n << BigInt(8 * size)) - 1n;
          if ((v & ~mask) !== 0n && (v | mask) !== -1n) {
            this.report(CODES.valueTruncated, `value ${fmtHex(v)} truncated to ${fmtHex(v & mask)}`, a.start, a.end, 'warning');
          }
        }
        const bytes: number[] = [];
        for (let i = 0; i < size; i++) bytes.push(Number((v >> BigInt(8 * i)) & 0xffn));
        this.writeBytes(bytes, a.start, a.end);
        continue;
      }
      if (!r.ok && !r.unknown) {
        this.report(CODES.badExpression, r.message, r.start, r.end);
        continue;
      }
      if (this.current.kind === 'nobits') {
        this.report(CODES.badDirective, `section '${this.current.name}' holds no data`, a.start, a.end);
        continue;
      }
      if (size !== 4 && size !== 2 && size !== 1) {
        this.report(CODES.notConstant, `a ${size}-byte value must be a constant`, a.start, a.end);
        continue;
      }
      const at = this.current.reserve(size);
      this.addFixup('data', at, e, dot, size, a.start, a.end);
    }
  }

  floats(head: Token): void {
    const text = this.stmt!.text.slice(head.end);
    if (text.trim() === '') return;
    let pos = head.end;
    for (const part of text.split(',')) {
      const start = pos + (part.length - part.trimStart().length);
      pos += part.length + 1;
      const t = part.trim().replace(/^0[fFdDrR]/, '').replace(/^([+-]?)0[fFdD]/, '$1');
      const lower = t.toLowerCase();
      const negative = lower.startsWith('-');
      let bits: number | 'range' | undefined;
      if (/^[+-]?(inf|infinity)$/.test(lower)) bits = negative ? 0xff800000 : 0x7f800000;
      else if (/^[+-]?nan$/.test(lower)) bits = negative ? 0xffffffff : 0x7fffffff; // GNU's NaN
      else bits = decimalToFloat32Bits(t);
      if (bits === 'range') {
        this.report(CODES.immediateRange, `cannot create floating-point number '${part.trim()}' (out of binary32 range)`, start, start + part.trim().length);
        continue;
      }
      if (bits === undefined) {
        this.report(CODES.badExpression, `bad floating-point number '${part.trim()}'`, start, start + part.trim().length);
        continue;
      }
      this.writeBytes([bits & 0xff, (bits >>> 8) & 0xff, (bits >>> 16) & 0xff, bits >>> 24], start, start + part.length);
    }
  }

  strings(tokens: readonly Token[], from: number, zero: boolean): void {
    const args = this.args(tokens, from);
    if (!args) return;
    for (const a of args) {
      const t = a.tokens[0]!;
      if (a.tokens.length !== 1 || t.kind !== 'string') {
        this.report(CODES.badDirective, 'expected a "string"', a.start, a.end);
        continue;
      }
      const bytes = decodeString(t.text);
      if (zero) bytes.push(0);
      this.writeBytes(bytes, a.start, a.end);
    }
  }

  absArg(a: { tokens: Token[]; start: number; end: number } | undefined, what: string): bigint | undefined {
    if (!a) return undefined;
    const e = this.parseExprAt(a.tokens, 0);
    return e ? this.absoluteNow(e, what) : undefined;
  }

  directive(name: string, head: Token, tokens: readonly Token[], from: number): void {
    const end = this.stmt!.text.length;
    switch (name) {
      case '.text': case '.data': case '.bss': case '.rodata':
        if (from < tokens.length) {
          this.report(CODES.badDirective, `'${name}' takes no operands (subsections are not supported)`, tokens[from]!.start);
          return;
        }
        this.switchTo(name, undefined, head.start, head.end);
        return;
      case '.section':
        this.sectionDirective(tokens, from, head);
        return;
      case '.pushsection':
        this.sectionStack.push({ current: this.current, previous: this.previous });
        this.sectionDirective(tokens, from, head);
        return;
      case '.popsection': {
        const top = this.sectionStack.pop();
        if (!top) {
          this.report(CODES.badDirective, "'.popsection' without '.pushsection'", head.start, head.end);
          return;
        }
        this.current = top.current;
        this.previous = top.previous;
        return;
      }
      case '.previous': {
        const c = this.current;
        this.current = this.previous;
        this.previous = c;
        return;
      }
      case '.globl': case '.global': case '.local': case '.weak': {
        const args = this.args(tokens, from);
        if (!args || args.length === 0) {
          if (args) this.report(CODES.badDirective, `'${name}' needs a symbol name`, head.start, head.end);
          return;
        }
        for (const a of args) {
          const t = a.tokens[0]!;
          if (a.tokens.length !== 1 || t.kind !== 'ident') {
            this.report(CODES.badDirective, 'expected a symbol name', a.start, a.end);
            continue;
          }
          const sym = this.symbol(t.text);
          sym.global = name !== '.local';
          sym.weak = name === '.weak';
        }
        return;
      }
      case '.type': {
        const m = /^\s*([A-Za-z_.$][A-Za-z0-9_.$]*)\s*,\s*[@%#]?(\w+)\s*$/.exec(this.stmt!.text.slice(head.end));
        const kinds: Record<string, 'func' | 'object' | 'notype'> = {
          function: 'func', object: 'object', notype: 'notype', STT_FUNC: 'func', STT_OBJECT: 'object', STT_NOTYPE: 'notype',
        };
        if (!m || !kinds[m[2]!]) {
          this.report(CODES.badDirective, 'expected .type SYMBOL, @function|@object|@notype', head.start);
          return;
        }
        this.symbol(m[1]!).type = kinds[m[2]!]!;
        return;
      }
      case '.size': {
        const args = this.args(tokens, from);
        if (!args) return;
        const nameTok = args[0]?.tokens[0];
        if (args.length !== 2 || !nameTok || nameTok.kind !== 'ident' || args[0]!.tokens.length !== 1) {
          this.report(CODES.badDirective, 'expected .size SYMBOL, EXPRESSION', head.start);
          return;
        }
        const e = this.parseExprAt(args[1]!.tokens, 0);
        if (e) this.symbol(nameTok.text).size = { expr: e, dot: this.dot() };
        return;
      }
      case '.file': case '.ident': case '.attribute': case '.loc': case '.addrsig': case '.addrsig_sym':
        return;
      case '.option': {
        const word = tokens[from];
        const w = word?.kind === 'ident' ? word.text : '';
        if (w === 'push') this.optionDepth++;
        else if (w === 'pop') {
          if (this.optionDepth === 0) this.report(CODES.badDirective, "'.option pop' without '.option push'", head.start);
          else this.optionDepth--;
        } else if (!['norelax', 'relax', 'norvc', 'nopic', 'pic', 'arch'].includes(w)) {
          this.report(CODES.badDirective, `unsupported '.option ${w}' (supported: push, pop, relax, norelax, norvc, pic, nopic)`, head.start);
        } else if (w === 'pic') {
          this.report(CODES.badDirective, "'.option pic' is not supported (la would load from the GOT)", head.start);
        } else if (w === 'arch') {
          this.report(CODES.badDirective, "'.option arch' is not supported", head.start);
        }
        return;
      }
      case '.equ': case '.set': case '.equiv': {
        const nameTok = tokens[from];
        const comma = tokens[from + 1];
        if (!nameTok || !comma || comma.kind !== 'punct' || comma.text !== ',') {
          this.report(CODES.badDirective, `expected ${name} SYMBOL, EXPRESSION`, head.start);
          return;
        }
        this.assign(nameTok, tokens, from + 2, name === '.equiv' ? 'equiv' : 'set');
        return;
      }
      case '.byte': this.data(1, tokens, from); return;
      case '.half': case '.short': case '.2byte': this.data(2, tokens, from); return;
      case '.word': case '.4byte': case '.long': case '.int': this.data(4, tokens, from); return;
      case '.quad': case '.8byte': case '.dword': this.data(8, tokens, from); return;
      case '.float': case '.single': this.floats(head); return;
      case '.uleb128': case '.sleb128': {
        const args = this.args(tokens, from);
        if (!args || args.length === 0) {
          if (args) this.report(CODES.badDirective, `${name} needs a value`, head.start);
          return;
        }
        for (const a of args) {
          let v = this.absArg(a, 'value');
          if (v === undefined) continue;
          const signed = name === '.sleb128';
          if (!signed) v = BigInt.asUintN(64, v);
          const bytes: number[] = [];
          for (;;) {
            const b = Number(v & 0x7fn);
            v >>= 7n;
            const done = signed ? (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0) : v === 0n;
            bytes.push(done ? b : b | 0x80);
            if (done) break;
          }
          this.writeBytes(bytes, a.start, a.end);
        }
        return;
      }
      case '.org': {
        const args = this.args(tokens, from);
        if (!args || args.length === 0 || args.length > 2) {
          if (args) this.report(CODES.badDirective, 'expected .org OFFSET[, FILL]', head.start);
          return;
        }
        const e = this.parseExprAt(args[0]!.tokens, 0);
        const v = e && this.valueNow(e, '.org offset');
        const fill = args[1] ? this.absArg(args[1], 'fill') : 0n;
        if (!v || fill === undefined) return;
        if (v.section !== undefined && v.section !== this.current.name) {
          this.report(CODES.badDirective, `.org must stay in section '${this.current.name}'`, args[0]!.start, args[0]!.end);
          return;
        }
        const target = Number(v.offset);
        if (target < this.current.size) {
          this.report(CODES.badDirective, `.org ${target} would move the location counter backwards (it is ${this.current.size})`, args[0]!.start, args[0]!.end);
          return;
        }
        if (target - this.current.size > 0x10000000) {
          this.report(CODES.immediateRange, '.org offset too large', args[0]!.start, args[0]!.end);
          return;
        }
        this.current.frags.push({ kind: 'fill', offset: this.current.size, size: target - this.current.size });
        this.writeBytes(new Uint8Array(target - this.current.size).fill(Number(fill & 0xffn)), args[0]!.start, args[0]!.end);
        return;
      }
      case '.ascii': this.strings(tokens, from, false); return;
      case '.asciz': case '.string': this.strings(tokens, from, true); return;
      case '.zero': case '.space': case '.skip': {
        const args = this.args(tokens, from);
        if (!args || args.length === 0 || args.length > 2 || (name === '.zero' && args.length !== 1)) {
          if (args) this.report(CODES.badDirective, `expected ${name} SIZE${name === '.zero' ? '' : '[, FILL]'}`, head.start);
          return;
        }
        const n = this.absArg(args[0], 'size');
        const fill = args.length === 2 ? this.absArg(args[1], 'fill') : 0n;
        if (n === undefined || fill === undefined) return;
        if (n < 0n || n > 0x10000000n) {
          this.report(CODES.immediateRange, `size ${n} out of range [0, 268435456]`, args[0]!.start, args[0]!.end);
          return;
        }
        this.current.frags.push({ kind: 'fill', offset: this.current.size, size: Number(n) });
        this.writeBytes(new Uint8Array(Number(n)).fill(Number(fill & 0xffn)), args[0]!.start, args[0]!.end);
        return;
      }
      case '.fill': {
        const args = this.args(tokens, from);
        if (!args || args.length === 0 || args.length > 3) {
          if (args) this.report(CODES.badDirective, 'expected .fill REPEAT[, SIZE[, VALUE]]', head.start);
          return;
        }
        const repeat = this.absArg(args[0], 'repeat');
        const size = args[1] ? this.absArg(args[1], 'size') : 1n;
        const value = args[2] ? this.absArg(args[2], 'value') : 0n;
        if (repeat === undefined || size === undefined || value === undefined) return;
        if (repeat < 0n || repeat * (size > 8n ? 8n : size) > 0x10000000n || size < 0n) {
          this.report(CODES.immediateRange, 'fill size out of range', head.start);
          return;
        }
        const bytes: number[] = [];
        const width = Number(size > 8n ? 8n : size);
        for (let k = 0n; k < repeat; k++) {
          for (let i = 0; i < width; i++) bytes.push(i < 4 ? Number((value >> BigInt(8 * i)) & 0xffn) : 0);
          for (let i = width; i < Number(size); i++) bytes.push(0);
        }
        this.current.frags.push({ kind: 'fill', offset: this.current.size, size: bytes.length });
        this.writeBytes(bytes, head.start, end);
        return;
      }
      case '.align': case '.p2align': case '.balign': {
        const args = this.args(tokens, from, true);
        if (!args || args.length === 0 || args.length > 3) {
          if (args) this.report(CODES.badDirective, `expected ${name} ${name === '.balign' ? 'BYTES' : 'POWER'}[, FILL[, MAX]]`, head.start);
          return;
        }
        if (args[0]!.tokens.length === 0) {
          this.report(CODES.badDirective, `${name} needs an alignment`, head.start);
          return;
        }
        const n = this.absArg(args[0], 'alignment');
        if (n === undefined) return;
        const fillArg = args[1] && args[1].tokens.length > 0 ? this.absArg(args[1], 'fill') : undefined;
        const maxArg = args[2] && args[2].tokens.length > 0 ? this.absArg(args[2], 'maximum') : undefined;
        let bytes: number;
        if (name === '.balign') {
          if (n <= 0n || n > 0x10000n || (n & (n - 1n)) !== 0n) {
            this.report(CODES.badDirective, `alignment ${n} is not a power of 2 in [1, 65536]`, args[0]!.start, args[0]!.end);
            return;
          }
          bytes = Number(n);
        } else {
          if (n < 0n || n > 16n) {
            this.report(CODES.badDirective, `alignment power ${n} out of range [0, 16]`, args[0]!.start, args[0]!.end);
            return;
          }
          bytes = 2 ** Number(n);
        }
        this.align(bytes, fillArg === undefined ? undefined : Number(fillArg & 0xffn), maxArg === undefined ? undefined : Number(maxArg));
        return;
      }
      default: {
        const known = [
          '.text', '.data', '.bss', '.rodata', '.section', '.pushsection', '.popsection', '.previous', '.globl', '.global',
          '.local', '.type', '.size', '.file', '.ident', '.option', '.equ', '.set', '.equiv', '.byte', '.half', '.short',
          '.2byte', '.word', '.4byte', '.long', '.int', '.float', '.single', '.ascii', '.asciz', '.string', '.zero',
          '.space', '.skip', '.fill', '.org', '.uleb128', '.sleb128', '.weak', '.align', '.p2align', '.balign', '.macro', '.endm', '.rept', '.irp', '.irpc',
          '.endr', '.if', '.ifdef', '.ifndef', '.else', '.elseif', '.endif', '.include', '.end', '.error', '.warning',
        ];
        const near = nearest(name, known);
        this.report(CODES.unknownDirective, `unknown directive '${head.text}'${near ? ` (did you mean '${near}'?)` : ''}`, head.start, head.end);
      }
    }
  }

}

/** GNU as's code padding: a zero byte if odd, a 2-byte c.nop if needed, then 4-byte nops. */
function codePadding(pad: number): number[] {
  const out: number[] = [];
  let n = pad;
  if (n % 2 === 1) {
    out.push(0);
    n--;
  }
  if (n % 4 === 2) {
    out.push(0x01, 0x00);
    n -= 2;
  }
  for (; n > 0; n -= 4) out.push(0x13, 0x00, 0x00, 0x00);
  return out;
}

function fmtHex(v: bigint): string {
  return '0x' + BigInt.asUintN(64, v).toString(16);
}

/** The closest candidate by edit distance (at most 2 edits, or a prefix match). */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) >= bestD) continue;
    const d = editDistance(word, c, bestD);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

function editDistance(a: string, b: string, cap: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= cap) return cap;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Lays out one source file (with its includes) into an in-memory object. */
export function layoutFile(
  file: { path: string; text: string },
  options: LayoutOptions,
  longBranches: (index: number) => boolean,
): ObjectFile {
  const layout = new Layout(file.path, longBranches);
  const stmts = splitStatements(file.text, file.path, layout.diagnostics);
  preprocess(
    stmts,
    {
      readFile: (path, from) => options.readFile?.(path, from),
      evaluate: (stmt, tokens, fromIdx) => {
        layout.stmt = stmt;
        const e = layout.parseExprAt(tokens, fromIdx);
        return e ? layout.absoluteNow(e, 'the expression') : undefined;
      },
      isDefined: (name) => {
        const s = layout.symbols.get(name);
        return s !== undefined && (s.value !== undefined || s.deferred !== undefined);
      },
      emit: (stmt, tokens) => layout.statement(stmt, tokens),
    },
    layout.diagnostics,
    options.limits ?? DEFAULT_LIMITS,
  );
  layout.finish();
  return {
    file: file.path,
    sections: layout.sections,
    symbols: layout.symbols,
    fixups: layout.fixups,
    branches: layout.branches,
    diagnostics: layout.diagnostics,
    envAtEnd: (dot) => layout.env(dot),
  };
}

export { immediateBits };
