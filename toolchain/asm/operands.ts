// Operand syntax: splits an instruction's tokens at top-level commas and reads each piece as a
// register, an expression (optionally under %hi/%lo/%pcrel_hi/%pcrel_lo), a memory reference
// `offset(reg)` / `(reg)`, a CSR, a rounding mode or a fence set.

import { csrByName, fRegister, ROUNDING_MODES, xRegister } from '../isa';
import { ExprSyntaxError, TokenCursor, parseExpr, type Expr, type ExprParseOptions, type Modifier } from './expr';
import type { Token } from './lexer';

export interface OperandSlice {
  readonly tokens: readonly Token[];
  readonly start: number;
  readonly end: number;
}

export interface ImmOperand {
  readonly mod: Modifier | undefined;
  readonly expr: Expr;
  readonly start: number;
  readonly end: number;
}

export interface MemOperand {
  readonly base: number;
  /** undefined for `(reg)`. */
  readonly offset: ImmOperand | undefined;
  readonly start: number;
  readonly end: number;
}

export class OperandError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

/** Splits tokens[from..] at commas outside parentheses. An empty list gives no operands. */
export function splitOperands(tokens: readonly Token[], from: number, textLength: number, allowEmpty = false): OperandSlice[] {
  const out: OperandSlice[] = [];
  if (from >= tokens.length) return out;
  let depth = 0;
  let begin = from;
  const push = (endIdx: number, commaAt: number) => {
    const slice = tokens.slice(begin, endIdx);
    if (slice.length === 0 && allowEmpty) {
      out.push({ tokens: slice, start: commaAt, end: commaAt });
      return;
    }
    if (slice.length === 0) {
      throw new OperandError('missing operand', commaAt, commaAt + 1);
    }
    out.push({ tokens: slice, start: slice[0]!.start, end: slice[slice.length - 1]!.end });
  };
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (t.text === ',' && depth === 0) {
      push(i, t.start);
      begin = i + 1;
    }
  }
  push(tokens.length, textLength);
  return out;
}

const MODIFIERS: readonly string[] = ['hi', 'lo', 'pcrel_hi', 'pcrel_lo'];

function single(slice: OperandSlice): Token | undefined {
  return slice.tokens.length === 1 ? slice.tokens[0] : undefined;
}

export function xRegOf(slice: OperandSlice): number | undefined {
  const t = single(slice);
  return t && t.kind === 'ident' ? xRegister(t.text) : undefined;
}

export function fRegOf(slice: OperandSlice): number | undefined {
  const t = single(slice);
  return t && t.kind === 'ident' ? fRegister(t.text) : undefined;
}

/** True when the operand is a bare register name of either file. */
export function isRegisterName(slice: OperandSlice): boolean {
  return xRegOf(slice) !== undefined || fRegOf(slice) !== undefined;
}

function parseTokensAsExpr(tokens: readonly Token[], opts: ExprParseOptions, endPos: number): Expr {
  const cur = new TokenCursor(tokens, endPos);
  const e = parseExpr(cur, opts);
  if (!cur.atEnd()) {
    const t = cur.peek()!;
    throw new ExprSyntaxError(`unexpected '${t.text}' after expression`, t.start, t.end);
  }
  return e;
}

/** An expression operand, with an optional leading relocation modifier covering all of it. */
export function immOf(tokens: readonly Token[], opts: ExprParseOptions): ImmOperand {
  const first = tokens[0]!;
  const last = tokens[tokens.length - 1]!;
  if (first.kind === 'punct' && first.text === '%') {
    const name = tokens[1];
    if (!name || name.kind !== 'ident' || !MODIFIERS.includes(name.text)) {
      throw new OperandError(
        `unknown relocation modifier '%${name?.text ?? ''}' (expected %hi, %lo, %pcrel_hi or %pcrel_lo)`,
        first.start, name?.end ?? first.end,
      );
    }
    const open = tokens[2];
    if (!open || open.kind !== 'punct' || open.text !== '(' || last.kind !== 'punct' || last.text !== ')' || tokens.length < 5) {
      throw new OperandError(`expected '%${name.text}(expression)'`, first.start, last.end);
    }
    // The closing parenthesis must be the one matching `(`.
    let depth = 0;
    for (let i = 2; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind === 'punct' && t.text === '(') depth++;
      if (t.kind === 'punct' && t.text === ')') {
        depth--;
        if (depth === 0 && i !== tokens.length - 1) {
          throw new OperandError(`'%${name.text}(...)' must be the whole operand`, first.start, last.end);
        }
      }
    }
    const expr = parseTokensAsExpr(tokens.slice(3, -1), opts, last.start);
    return { mod: name.text as Modifier, expr, start: first.start, end: last.end };
  }
  const expr = parseTokensAsExpr(tokens, opts, last.end);
  return { mod: undefined, expr, start: first.start, end: last.end };
}

/** `offset(reg)` or `(reg)`; undefined when the operand does not end in `(register)`. */
export function memOf(slice: OperandSlice, opts: ExprParseOptions): MemOperand | undefined {
  const n = slice.tokens.length;
  if (n < 3) return undefined;
  const close = slice.tokens[n - 1]!;
  const reg = slice.tokens[n - 2]!;
  const open = slice.tokens[n - 3]!;
  if (close.kind !== 'punct' || close.text !== ')' || open.kind !== 'punct' || open.text !== '(' || reg.kind !== 'ident') {
    return undefined;
  }
  const base = xRegister(reg.text);
  if (base === undefined) {
    if (fRegister(reg.text) !== undefined) throw new OperandError(`'${reg.text}' is not an integer register`, reg.start, reg.end);
    return undefined;
  }
  const before = slice.tokens.slice(0, n - 3);
  const offset = before.length === 0 ? undefined : immOf(before, opts);
  return { base, offset, start: slice.start, end: slice.end };
}

export function roundingModeOf(slice: OperandSlice): number | undefined {
  const t = single(slice);
  if (!t || t.kind !== 'ident') return undefined;
  return (ROUNDING_MODES as Record<string, number>)[t.text];
}

/** A fence set: a non-empty subset of `iorw` written in that order (GNU as rejects `0`). */
export function fenceSetOf(slice: OperandSlice): number | undefined {
  const t = single(slice);
  if (!t) return undefined;
  if (t.kind !== 'ident' || !/^i?o?r?w?$/.test(t.text) || t.text === '') return undefined;
  let v = 0;
  for (const c of t.text) v |= { i: 8, o: 4, r: 2, w: 1 }[c as 'i' | 'o' | 'r' | 'w'];
  return v;
}

/** A CSR by name; numbers are handled by the caller as expressions. */
export function csrNameOf(slice: OperandSlice): number | undefined {
  const t = single(slice);
  if (!t || t.kind !== 'ident') return undefined;
  return csrByName(t.text)?.number;
}
