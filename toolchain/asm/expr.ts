// Expressions: parsing (over tokens) and evaluation. Semantics follow GNU as 2.40 exactly:
// values are 64-bit two's complement during evaluation (GNU's offsetT on a 64-bit host) and are
// truncated to 32 bits only where they are stored; comparisons yield -1 for true; precedence is
// GNU's, not C's (checked against riscv64-unknown-elf-as):
//   unary - ~ ! +   >   * / % << >>   >   | & ^ !(or-not)   >   + -   >   == != <> < > <= >=   >   &&   >   ||
// and operators of one rank associate to the left. Relocatable values carry the section they
// are relative to; `sym - sym` in one section is absolute.

import type { Token } from './lexer';

export type Modifier = 'hi' | 'lo' | 'pcrel_hi' | 'pcrel_lo';

export type Expr =
  | { readonly k: 'num'; readonly value: bigint; readonly start: number; readonly end: number }
  | { readonly k: 'sym'; readonly name: string; readonly start: number; readonly end: number }
  | { readonly k: 'dot'; readonly start: number; readonly end: number }
  | { readonly k: 'unary'; readonly op: string; readonly arg: Expr; readonly start: number; readonly end: number }
  | {
      readonly k: 'binary';
      readonly op: string;
      readonly left: Expr;
      readonly right: Expr;
      readonly start: number;
      readonly end: number;
    };

/** A value during assembly: absolute (section undefined) or an offset relative to a section. */
export interface Value {
  readonly section: string | undefined;
  readonly offset: bigint;
}

export type EvalResult =
  | { readonly ok: true; readonly value: Value }
  | { readonly ok: false; readonly unknown: true; readonly symbol: string; readonly start: number; readonly end: number }
  | { readonly ok: false; readonly unknown: false; readonly message: string; readonly start: number; readonly end: number };

export interface EvalEnv {
  /** A symbol's value, or undefined when it is not (yet) defined. */
  lookup(name: string): Value | undefined;
  readonly dot: Value;
}

export class ExprSyntaxError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

const RANK: Readonly<Record<string, number>> = {
  '*': 6, '/': 6, '%': 6, '<<': 6, '>>': 6,
  '|': 5, '&': 5, '^': 5, '!': 5,
  '+': 4, '-': 4,
  '==': 3, '!=': 3, '<>': 3, '<': 3, '>': 3, '<=': 3, '>=': 3,
  '&&': 2,
  '||': 1,
};

export interface ExprParseOptions {
  /** Maps a numeric local label reference (`1b`, `2f`) to the symbol name it means here. */
  readonly localRef: (n: number, direction: string) => string;
}

/** A cursor over a token array; parse functions advance `pos`. */
export class TokenCursor {
  pos = 0;
  constructor(readonly tokens: readonly Token[], readonly textLength: number) {}
  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }
  next(): Token | undefined {
    return this.tokens[this.pos++];
  }
  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }
  isPunct(text: string, offset = 0): boolean {
    const t = this.tokens[this.pos + offset];
    return t !== undefined && t.kind === 'punct' && t.text === text;
  }
  /** Span of the next token, or an end-of-statement span. */
  here(): { start: number; end: number } {
    const t = this.peek();
    return t ? { start: t.start, end: t.end } : { start: this.textLength, end: this.textLength + 1 };
  }
}

export function parseExpr(cur: TokenCursor, opts: ExprParseOptions): Expr {
  return parseBinary(cur, opts, 1);
}

function parseBinary(cur: TokenCursor, opts: ExprParseOptions, minRank: number): Expr {
  let left = parseUnary(cur, opts);
  for (;;) {
    const t = cur.peek();
    if (!t || t.kind !== 'punct') return left;
    const rank = RANK[t.text];
    if (rank === undefined || rank < minRank) return left;
    cur.next();
    const right = parseBinary(cur, opts, rank + 1);
    left = { k: 'binary', op: t.text, left, right, start: left.start, end: right.end };
  }
}

function parseUnary(cur: TokenCursor, opts: ExprParseOptions): Expr {
  const t = cur.next();
  if (!t) {
    const h = cur.here();
    throw new ExprSyntaxError('expected an expression', h.start, h.end);
  }
  switch (t.kind) {
    case 'number':
      if (Number.isNaN(t.value)) throw new ExprSyntaxError(`bad number '${t.text}'`, t.start, t.end);
      return { k: 'num', value: BigInt(t.value), start: t.start, end: t.end };
    case 'localref':
      return { k: 'sym', name: opts.localRef(t.value, t.direction), start: t.start, end: t.end };
    case 'ident':
      if (t.text === '.') return { k: 'dot', start: t.start, end: t.end };
      return { k: 'sym', name: t.text, start: t.start, end: t.end };
    case 'string':
      throw new ExprSyntaxError('a string is not an expression', t.start, t.end);
    case 'punct':
      if (t.text === '(') {
        const inner = parseBinary(cur, opts, 1);
        const close = cur.next();
        if (!close || close.kind !== 'punct' || close.text !== ')') {
          const h = close ? { start: close.start, end: close.end } : cur.here();
          throw new ExprSyntaxError("expected ')'", h.start, h.end);
        }
        return inner;
      }
      if (t.text === '-' || t.text === '~' || t.text === '!' || t.text === '+') {
        const arg = parseUnary(cur, opts);
        return { k: 'unary', op: t.text, arg, start: t.start, end: arg.end };
      }
      throw new ExprSyntaxError(`unexpected '${t.text}' in expression`, t.start, t.end);
    default: {
      const never: never = t.kind;
      throw new Error(`unhandled token kind ${String(never)}`);
    }
  }
}

const abs = (v: bigint): Value => ({ section: undefined, offset: BigInt.asIntN(64, v) });
const bool = (b: boolean): bigint => (b ? -1n : 0n);

export function evaluate(e: Expr, env: EvalEnv): EvalResult {
  switch (e.k) {
    case 'num':
      return { ok: true, value: abs(e.value) };
    case 'dot':
      return { ok: true, value: env.dot };
    case 'sym': {
      const v = env.lookup(e.name);
      if (!v) return { ok: false, unknown: true, symbol: e.name, start: e.start, end: e.end };
      return { ok: true, value: v };
    }
    case 'unary': {
      const r = evaluate(e.arg, env);
      if (!r.ok) return r;
      if (e.op === '+') return r;
      if (r.value.section !== undefined) {
        return { ok: false, unknown: false, message: `operator '${e.op}' needs an absolute value`, start: e.start, end: e.end };
      }
      const x = r.value.offset;
      return { ok: true, value: abs(e.op === '-' ? -x : e.op === '~' ? ~x : x === 0n ? 1n : 0n) };
    }
    case 'binary': {
      const l = evaluate(e.left, env);
      if (!l.ok) return l;
      const r = evaluate(e.right, env);
      if (!r.ok) return r;
      const a = l.value;
      const b = r.value;
      if (e.op === '+') {
        if (a.section !== undefined && b.section !== undefined) {
          return { ok: false, unknown: false, message: 'cannot add two relocatable values', start: e.start, end: e.end };
        }
        return { ok: true, value: { section: a.section ?? b.section, offset: BigInt.asIntN(64, a.offset + b.offset) } };
      }
      if (e.op === '-') {
        if (b.section === undefined) return { ok: true, value: { section: a.section, offset: BigInt.asIntN(64, a.offset - b.offset) } };
        if (a.section === b.section) return { ok: true, value: abs(a.offset - b.offset) };
        return {
          ok: false, unknown: false,
          message: a.section === undefined ? 'cannot subtract a relocatable value from an absolute one' : 'cannot subtract values from different sections',
          start: e.start, end: e.end,
        };
      }
      const sameSection = a.section === b.section;
      const comparison = RANK[e.op] === 3;
      if (!(a.section === undefined && b.section === undefined) && !(comparison && sameSection)) {
        return { ok: false, unknown: false, message: `operator '${e.op}' needs absolute values`, start: e.start, end: e.end };
      }
      const x = a.offset;
      const y = b.offset;
      switch (e.op) {
        case '*': return { ok: true, value: abs(x * y) };
        case '/':
        case '%':
          if (y === 0n) return { ok: false, unknown: false, message: 'division by zero', start: e.start, end: e.end };
          return { ok: true, value: abs(e.op === '/' ? x / y : x % y) };
        case '<<': return { ok: true, value: abs(y >= 64n || y < 0n ? 0n : x << y) };
        case '>>': return { ok: true, value: abs(y >= 64n || y < 0n ? 0n : BigInt.asUintN(64, x) >> y) };
        case '|': return { ok: true, value: abs(x | y) };
        case '&': return { ok: true, value: abs(x & y) };
        case '^': return { ok: true, value: abs(x ^ y) };
        case '!': return { ok: true, value: abs(x | ~y) };
        case '==': return { ok: true, value: abs(bool(x === y)) };
        case '!=':
        case '<>': return { ok: true, value: abs(bool(x !== y)) };
        case '<': return { ok: true, value: abs(bool(x < y)) };
        case '>': return { ok: true, value: abs(bool(x > y)) };
        case '<=': return { ok: true, value: abs(bool(x <= y)) };
        case '>=': return { ok: true, value: abs(bool(x >= y)) };
        case '&&': return { ok: true, value: abs(x !== 0n && y !== 0n ? 1n : 0n) };
        case '||': return { ok: true, value: abs(x !== 0n || y !== 0n ? 1n : 0n) };
        default:
          return { ok: false, unknown: false, message: `unknown operator '${e.op}'`, start: e.start, end: e.end };
      }
    }
    default: {
      const never: never = e;
      throw new Error(`unhandled expression ${JSON.stringify(never)}`);
    }
  }
}

/** Symbols an expression mentions (for undefined-symbol reports). */
export function symbolsOf(e: Expr, out: string[] = []): string[] {
  switch (e.k) {
    case 'sym': out.push(e.name); break;
    case 'unary': symbolsOf(e.arg, out); break;
    case 'binary': symbolsOf(e.left, out); symbolsOf(e.right, out); break;
    default: break;
  }
  return out;
}
