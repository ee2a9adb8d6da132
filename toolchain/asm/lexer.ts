// Pass 1, lex: source text -> statements (comments removed, split at `;` and newlines) -> tokens.
// Every statement remembers where it came from (file, line, column, the whole line for carets)
// and, for macro/.rept expansions, the chain of invocation sites. Tokens carry spans (offsets
// into the statement text), so every later diagnostic can point at the exact characters.

import type { Diagnostic, SourceLocation } from '../diagnostics';
import { CODES, error } from './codes';

/** Where an expanded statement was produced: the invocation site of a macro or .rept/.irp. */
export interface Expansion {
  readonly what: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly lineText: string;
  readonly parent: Expansion | undefined;
}

export interface Statement {
  /** The statement text without comments (may be empty). */
  readonly text: string;
  readonly file: string;
  readonly line: number;
  /** 1-based column of text[0] in the physical line. */
  readonly column: number;
  readonly lineText: string;
  readonly expansion: Expansion | undefined;
}

export type TokenKind = 'ident' | 'number' | 'string' | 'punct' | 'localref';

export interface Token {
  readonly kind: TokenKind;
  /** Exact source spelling (for strings: the decoded contents). */
  readonly text: string;
  /** Numbers: the value (may exceed 32 bits; the evaluator truncates). localref: the label number. */
  readonly value: number;
  /** localref: 'b' or 'f'. */
  readonly direction: string;
  readonly start: number;
  readonly end: number;
}

export function locationOf(stmt: Statement, start = 0, end = start + 1): SourceLocation {
  return {
    file: stmt.file,
    line: stmt.line,
    column: stmt.column + start,
    length: Math.max(1, end - start),
    lineText: stmt.lineText,
  };
}

export function expansionNotes(stmt: Statement): { text: string; location: SourceLocation }[] {
  const notes: { text: string; location: SourceLocation }[] = [];
  let depth = 0;
  for (let e = stmt.expansion; e; e = e.parent) {
    if (++depth > 4) {
      let more = 0;
      for (let r: Expansion | undefined = e; r; r = r.parent) more++;
      notes.push({ text: `... and ${more} more expansion levels`, location: notes[notes.length - 1]!.location });
      break;
    }
    notes.push({
      text: `in ${e.what} expanded here`,
      location: { file: e.file, line: e.line, column: e.column, length: 1, lineText: e.lineText },
    });
  }
  return notes;
}

/**
 * Splits a file into statements. `#` starts a comment to the end of the line, `/* ... *\/` may
 * span lines, `;` separates statements; strings are respected. Comments become spaces so
 * columns stay true.
 */
export function splitStatements(source: string, file: string, diagnostics: Diagnostic[]): Statement[] {
  const out: Statement[] = [];
  const lines = source.split('\n');
  let inBlockComment = false;
  let commentStart: { line: number; col: number; text: string } | undefined;
  for (let li = 0; li < lines.length; li++) {
    const raw = lines[li]!.endsWith('\r') ? lines[li]!.slice(0, -1) : lines[li]!;
    // Fast path: no strings, block comments or separators on this line.
    if (!inBlockComment && raw.indexOf('"') < 0 && raw.indexOf("'") < 0 && raw.indexOf(';') < 0 && raw.indexOf('/*') < 0) {
      const hash = raw.indexOf('#');
      out.push({ text: hash < 0 ? raw : raw.slice(0, hash), file, line: li + 1, column: 1, lineText: raw, expansion: undefined });
      continue;
    }
    let cleaned = '';
    let i = 0;
    let stmtStart = 0;
    const flush = (endExclusive: number) => {
      const text = cleaned.slice(stmtStart, endExclusive);
      out.push({ text, file, line: li + 1, column: stmtStart + 1, lineText: raw, expansion: undefined });
    };
    while (i < raw.length) {
      const c = raw[i]!;
      if (inBlockComment) {
        if (c === '*' && raw[i + 1] === '/') {
          inBlockComment = false;
          cleaned += '  ';
          i += 2;
        } else {
          cleaned += ' ';
          i++;
        }
        continue;
      }
      if (c === '/' && raw[i + 1] === '*') {
        inBlockComment = true;
        commentStart = { line: li + 1, col: i + 1, text: raw };
        cleaned += '  ';
        i += 2;
        continue;
      }
      if (c === '#') break;
      if (c === '"' || c === "'") {
        // A character constant 'x' (GNU also accepts a lone 'x without closing quote).
        if (c === "'") {
          const close = raw[i + 1] === '\\' ? i + 3 : i + 2;
          const end = raw[close] === "'" ? close + 1 : close;
          cleaned += raw.slice(i, end);
          i = end;
          continue;
        }
        let j = i + 1;
        while (j < raw.length && raw[j] !== '"') j += raw[j] === '\\' ? 2 : 1;
        if (j >= raw.length) {
          diagnostics.push(
            error(CODES.unterminatedString, 'unterminated string', {
              file, line: li + 1, column: i + 1, length: raw.length - i, lineText: raw,
            }),
          );
          cleaned += ' '.repeat(raw.length - i);
          i = raw.length;
          continue;
        }
        cleaned += raw.slice(i, j + 1);
        i = j + 1;
        continue;
      }
      if (c === ';') {
        flush(cleaned.length);
        cleaned += ' ';
        i++;
        stmtStart = cleaned.length;
        continue;
      }
      cleaned += c;
      i++;
    }
    flush(cleaned.length);
  }
  if (inBlockComment && commentStart) {
    diagnostics.push(
      error(CODES.unterminatedComment, 'unterminated /* comment', {
        file, line: commentStart.line, column: commentStart.col, length: 2, lineText: commentStart.text,
      }),
    );
  }
  return out;
}

const IDENT_START = { test: (c: string): boolean => isIdentStart(c.charCodeAt(0)) };
const IDENT_CHAR = { test: (c: string): boolean => isIdentChar(c.charCodeAt(0)) };

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 46 || c === 36;
}

function isIdentChar(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}
const PUNCT3: readonly string[] = [];
const PUNCT2 = ['<<', '>>', '==', '!=', '<=', '>=', '&&', '||', '<>'];

export class LexError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

function decodeEscape(text: string, i: number): { value: number; next: number } {
  const c = text[i]!;
  switch (c) {
    case 'n': return { value: 10, next: i + 1 };
    case 't': return { value: 9, next: i + 1 };
    case 'r': return { value: 13, next: i + 1 };
    case 'b': return { value: 8, next: i + 1 };
    case 'f': return { value: 12, next: i + 1 };
    case 'v': return { value: 11, next: i + 1 };
    case 'a': return { value: 7, next: i + 1 };
    case 'e': return { value: 27, next: i + 1 };
    case 'x':
    case 'X': {
      let j = i + 1;
      let v = 0;
      while (j < text.length && /[0-9a-fA-F]/.test(text[j]!)) v = (v * 16 + parseInt(text[j++]!, 16)) & 0xff;
      return { value: v, next: j };
    }
    default:
      if (c >= '0' && c <= '7') {
        let j = i;
        let v = 0;
        while (j < text.length && j < i + 3 && text[j]! >= '0' && text[j]! <= '7') v = v * 8 + Number(text[j++]);
        return { value: v & 0xff, next: j };
      }
      return { value: c.charCodeAt(0), next: i + 1 };
  }
}

/** Decodes the body of a "..." string literal (GNU escapes) into bytes (chars are Latin-1/UTF-8). */
export function decodeString(body: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < body.length; ) {
    const c = body[i]!;
    if (c === '\\' && i + 1 < body.length) {
      const { value, next } = decodeEscape(body, i + 1);
      bytes.push(value);
      i = next;
    } else {
      const code = c.codePointAt(0)!;
      if (code < 0x80) bytes.push(code);
      else for (const b of Buffer.from(String.fromCodePoint(code), 'utf8')) bytes.push(b);
      i += code > 0xffff ? 2 : 1;
    }
  }
  return bytes;
}

function parseNumber(text: string, i: number): { value: number; next: number; localDir?: string } {
  let j = i;
  if (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X') && /[0-9a-fA-F]/.test(text[i + 2] ?? '')) {
    j = i + 2;
    let v = 0;
    while (j < text.length && /[0-9a-fA-F]/.test(text[j]!)) v = v * 16 + parseInt(text[j++]!, 16);
    return { value: v, next: j };
  }
  if (text[i] === '0' && (text[i + 1] === 'b' || text[i + 1] === 'B') && /[01]/.test(text[i + 2] ?? '')) {
    j = i + 2;
    let v = 0;
    while (j < text.length && /[01]/.test(text[j]!)) v = v * 2 + Number(text[j++]);
    return { value: v, next: j };
  }
  while (j < text.length && /[0-9]/.test(text[j]!)) j++;
  const digits = text.slice(i, j);
  // `1b` / `1f`: a numeric local label reference.
  if ((text[j] === 'b' || text[j] === 'f') && !IDENT_CHAR.test(text[j + 1] ?? ' ')) {
    return { value: Number(digits), next: j + 1, localDir: text[j] };
  }
  if (digits.length > 1 && digits[0] === '0') {
    let v = 0;
    for (const d of digits) {
      if (d > '7') throw new LexError(`bad octal number '${digits}'`, i, j);
      v = v * 8 + Number(d);
    }
    return { value: v, next: j };
  }
  return { value: Number(digits), next: j };
}

/** Tokenizes one statement; throws LexError (caught by callers and turned into a diagnostic). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\r') {
      i++;
      continue;
    }
    if (isIdentStart(text.charCodeAt(i))) {
      let j = i + 1;
      while (j < text.length && isIdentChar(text.charCodeAt(j))) j++;
      tokens.push({ kind: 'ident', text: text.slice(i, j), value: 0, direction: '', start: i, end: j });
      i = j;
      continue;
    }
    if (c >= '0' && c <= '9') {
      // Plain decimal fast path.
      let j = i;
      let v = 0;
      while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) v = v * 10 + text.charCodeAt(j++) - 48;
      if ((j === i + 1 || c !== '0') && (j >= text.length || !isIdentChar(text.charCodeAt(j)))) {
        tokens.push({ kind: 'number', text: text.slice(i, j), value: v, direction: '', start: i, end: j });
        i = j;
        continue;
      }
      const n = parseNumber(text, i);
      if (n.next < text.length && IDENT_START.test(text[n.next]!) && text[n.next] !== '.') {
        let j = n.next;
        while (j < text.length && IDENT_CHAR.test(text[j]!)) j++;
        // Not a number (e.g. `1e10` outside .float): the expression parser reports it.
        tokens.push({ kind: 'number', text: text.slice(i, j), value: NaN, direction: '', start: i, end: j });
        i = j;
        continue;
      }
      tokens.push({
        kind: n.localDir ? 'localref' : 'number',
        text: text.slice(i, n.next),
        value: n.value,
        direction: n.localDir ?? '',
        start: i,
        end: n.next,
      });
      i = n.next;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) throw new LexError('unterminated string', i, text.length);
      tokens.push({ kind: 'string', text: text.slice(i + 1, j), value: 0, direction: '', start: i, end: j + 1 });
      i = j + 1;
      continue;
    }
    if (c === "'") {
      if (i + 1 >= text.length) throw new LexError('bad character constant', i, i + 1);
      let value: number;
      let next: number;
      if (text[i + 1] === '\\') {
        ({ value, next } = decodeEscape(text, i + 2));
      } else {
        value = text.charCodeAt(i + 1);
        next = i + 2;
      }
      if (text[next] === "'") next++;
      tokens.push({ kind: 'number', text: text.slice(i, next), value, direction: '', start: i, end: next });
      i = next;
      continue;
    }
    const two = text.slice(i, i + 2);
    const p = PUNCT3.includes(text.slice(i, i + 3)) ? text.slice(i, i + 3) : PUNCT2.includes(two) ? two : c;
    if (!'+-*/%<>&|^~!(),:=@\\[]{}'.includes(p[0]!) ) {
      throw new LexError(`unexpected character '${c}'`, i, i + 1);
    }
    tokens.push({ kind: 'punct', text: p, value: 0, direction: '', start: i, end: i + p.length });
    i += p.length;
  }
  return tokens;
}
