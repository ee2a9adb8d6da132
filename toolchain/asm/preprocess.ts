// Pass 2, preprocess: expands `.macro`/`.endm`, `.rept`/`.irp`/`.irpc`/`.endr`, `.if*`/`.else`/
// `.endif`, `.include` and `.end`, handing every remaining statement (with its tokens) to
// `host.emit`. GNU as does this in the same single pass as everything else, and conditions see
// the symbols defined so far; so the layout pass drives this one and answers `evaluate`.
//
// Macro arguments are substituted textually (`\name`, `\()` as a separator, `\@` the expansion
// count), exactly as GNU as does, then the expanded text is lexed again.

import type { Diagnostic } from '../diagnostics';
import { CODES, error, warning, type Code } from './codes';
import {
  LexError, expansionNotes, locationOf, splitStatements, tokenize, type Expansion, type Statement, type Token,
} from './lexer';

export interface PreprocessHost {
  /** Reads an included file relative to the including one; undefined if it does not exist. */
  readFile(path: string, fromFile: string): { path: string; text: string } | undefined;
  /** Evaluates tokens[from..] as an absolute expression; reports its own diagnostics. */
  evaluate(stmt: Statement, tokens: readonly Token[], from: number): bigint | undefined;
  isDefined(name: string): boolean;
  emit(stmt: Statement, tokens: readonly Token[]): void;
}

export interface PreprocessLimits {
  /** Deepest macro/.rept nesting before we call it runaway recursion. */
  readonly maxDepth: number;
  /** Most statements one run may produce by expansion. */
  readonly maxStatements: number;
}

export const DEFAULT_LIMITS: PreprocessLimits = Object.freeze({ maxDepth: 100, maxStatements: 4_000_000 });

interface MacroParam {
  readonly name: string;
  readonly defaultValue: string;
  readonly required: boolean;
  readonly vararg: boolean;
}

interface MacroDef {
  readonly name: string;
  readonly params: readonly MacroParam[];
  readonly body: readonly Statement[];
}

interface Cond {
  /** This branch is being assembled. */
  active: boolean;
  /** Some branch of this .if was already taken. */
  taken: boolean;
  /** The enclosing context was active. */
  readonly outerActive: boolean;
  sawElse: boolean;
  readonly stmt: Statement;
}

const BLOCK_OPEN = new Set(['.rept', '.irp', '.irpc']);
const IF_DIRECTIVES = new Set([
  '.if', '.ifdef', '.ifndef', '.ifnotdef', '.ifeq', '.ifne', '.ifgt', '.ifge', '.iflt', '.ifle',
  '.ifc', '.ifnc', '.ifb', '.ifnb', '.ifeqs', '.ifnes',
]);

class Preprocessor {
  readonly macros = new Map<string, MacroDef>();
  readonly conds: Cond[] = [];
  readonly includeStack: string[] = [];
  macroCount = 0;
  produced = 0;
  stopped = false;

  constructor(
    readonly host: PreprocessHost,
    readonly diagnostics: Diagnostic[],
    readonly limits: PreprocessLimits,
  ) {}

  active(): boolean {
    const top = this.conds[this.conds.length - 1];
    return top === undefined || top.active;
  }

  report(code: Code, text: string, stmt: Statement, start = 0, end = stmt.text.length): void {
    this.diagnostics.push(error(code, text, locationOf(stmt, start, Math.max(end, start + 1)), expansionNotes(stmt)));
  }

  lex(stmt: Statement): Token[] | undefined {
    try {
      return tokenize(stmt.text);
    } catch (e) {
      if (e instanceof LexError) {
        if (this.active()) this.report(CODES.syntax, e.message, stmt, e.start, e.end);
        return undefined;
      }
      throw e;
    }
  }

  /** Processes a list of statements; returns 'end' after `.end`/`.exitm` stops the list. */
  run(stmts: readonly Statement[], depth: number): 'done' | 'exitm' | 'end' {
    for (let i = 0; i < stmts.length; i++) {
      if (this.stopped) return 'end';
      const stmt = stmts[i]!;
      if (isBlank(stmt.text)) continue;
      const tokens = this.lex(stmt);
      if (!tokens) continue;
      // Leading labels.
      let first = 0;
      while (
        first + 1 < tokens.length &&
        (tokens[first]!.kind === 'ident' || tokens[first]!.kind === 'number') &&
        tokens[first + 1]!.kind === 'punct' &&
        tokens[first + 1]!.text === ':'
      ) {
        first += 2;
      }
      const head = tokens[first];
      const name = head && head.kind === 'ident' && head.text.charCodeAt(0) === 46 ? head.text.toLowerCase() : '';
      const isCondDirective = IF_DIRECTIVES.has(name) || name === '.else' || name === '.elseif' || name === '.endif';
      if (!isCondDirective && !this.active()) {
        continue;
      }
      if (first > 0 && (isCondDirective || name === '.macro' || BLOCK_OPEN.has(name) || this.macros.has(head?.text ?? ''))) {
        if (this.active()) this.host.emit(stmt, tokens.slice(0, first));
      }
      if (isCondDirective) {
        this.conditional(stmt, tokens, first, name);
        continue;
      }
      switch (name) {
        case '.macro':
          i = this.defineMacro(stmts, i, tokens, first);
          continue;
        case '.endm':
          this.report(CODES.unmatchedEnd, "'.endm' without '.macro'", stmt, head!.start, head!.end);
          continue;
        case '.exitm':
          if (depth > 0) return 'exitm';
          this.report(CODES.unmatchedEnd, "'.exitm' outside a macro", stmt, head!.start, head!.end);
          continue;
        case '.endr':
          this.report(CODES.unmatchedEnd, "'.endr' without '.rept'/'.irp'", stmt, head!.start, head!.end);
          continue;
        case '.rept':
        case '.irp':
        case '.irpc': {
          const r = this.repeat(stmts, i, tokens, first, name, depth);
          i = r.next;
          if (r.result !== 'done') return r.result;
          continue;
        }
        case '.include': {
          const r = this.include(stmt, tokens, first, depth);
          if (r === 'end') return 'end';
          continue;
        }
        case '.end':
          this.stopped = true;
          return 'end';
        case '.err':
        case '.error':
        case '.warning': {
          const arg = tokens[first + 1];
          const text = arg && arg.kind === 'string' ? arg.text : name === '.err' ? '.err encountered' : stmt.text.slice(head!.end).trim();
          const loc = locationOf(stmt, head!.start, head!.end);
          this.diagnostics.push(
            name === '.warning'
              ? warning(CODES.userError, text, loc, expansionNotes(stmt))
              : error(CODES.userError, text, loc, expansionNotes(stmt)),
          );
          continue;
        }
        default:
          break;
      }
      if (head && head.kind === 'ident' && this.macros.has(head.text)) {
        const r = this.invoke(stmt, tokens, first, this.macros.get(head.text)!, depth);
        if (r === 'end') return 'end';
        continue;
      }
      this.produced++;
      if (this.produced > this.limits.maxStatements) {
        this.report(CODES.macroRecursion, `too many statements after expansion (limit ${this.limits.maxStatements})`, stmt);
        this.stopped = true;
        return 'end';
      }
      this.host.emit(stmt, tokens);
    }
    return 'done';
  }

  conditional(stmt: Statement, tokens: readonly Token[], first: number, name: string): void {
    const head = tokens[first]!;
    const rest = stmt.text.slice(head.end);
    if (IF_DIRECTIVES.has(name)) {
      const outerActive = this.active();
      const value = outerActive ? this.condition(stmt, tokens, first, name, rest) : false;
      this.conds.push({ active: outerActive && value, taken: value, outerActive, sawElse: false, stmt });
      return;
    }
    const top = this.conds[this.conds.length - 1];
    if (!top) {
      this.report(CODES.unmatchedEnd, `'${name}' without '.if'`, stmt, head.start, head.end);
      return;
    }
    if (name === '.endif') {
      this.conds.pop();
      return;
    }
    if (top.sawElse) {
      this.report(CODES.badDirective, `'${name}' after '.else'`, stmt, head.start, head.end);
      return;
    }
    if (name === '.else') {
      top.sawElse = true;
      top.active = top.outerActive && !top.taken;
      top.taken = true;
      return;
    }
    // .elseif
    if (top.taken || !top.outerActive) {
      top.active = false;
      return;
    }
    const value = this.condition(stmt, tokens, first, '.if', rest);
    top.active = value;
    top.taken = value;
  }

  condition(stmt: Statement, tokens: readonly Token[], first: number, name: string, rest: string): boolean {
    const head = tokens[first]!;
    switch (name) {
      case '.ifdef':
      case '.ifndef':
      case '.ifnotdef': {
        const sym = tokens[first + 1];
        if (!sym || sym.kind !== 'ident' || tokens.length !== first + 2) {
          this.report(CODES.badDirective, `'${name}' needs one symbol name`, stmt, head.start, stmt.text.length);
          return false;
        }
        const defined = this.host.isDefined(sym.text);
        return name === '.ifdef' ? defined : !defined;
      }
      case '.ifb':
      case '.ifnb': {
        const blank = rest.trim() === '';
        return name === '.ifb' ? blank : !blank;
      }
      case '.ifc':
      case '.ifnc':
      case '.ifeqs':
      case '.ifnes': {
        const parts = splitTopLevel(rest, true);
        if (parts.length !== 2) {
          this.report(CODES.badDirective, `'${name}' needs two comma-separated strings`, stmt, head.start, stmt.text.length);
          return false;
        }
        const same = unquote(parts[0]!.trim()) === unquote(parts[1]!.trim());
        return name === '.ifc' || name === '.ifeqs' ? same : !same;
      }
      default: {
        if (first + 1 >= tokens.length) {
          this.report(CODES.badDirective, `'${name}' needs an expression`, stmt, head.start, head.end);
          return false;
        }
        const v = this.host.evaluate(stmt, tokens, first + 1);
        if (v === undefined) return false;
        switch (name) {
          case '.if':
          case '.ifne': return v !== 0n;
          case '.ifeq': return v === 0n;
          case '.ifgt': return v > 0n;
          case '.ifge': return v >= 0n;
          case '.iflt': return v < 0n;
          case '.ifle': return v <= 0n;
          default: return false;
        }
      }
    }
  }

  /** Collects a block body up to the matching closer; returns the closer's index or -1. */
  collect(stmts: readonly Statement[], from: number, opens: (n: string) => boolean, closer: string): number {
    let depth = 1;
    for (let j = from; j < stmts.length; j++) {
      const n = directiveName(stmts[j]!.text);
      if (opens(n)) depth++;
      else if (n === closer) {
        depth--;
        if (depth === 0) return j;
      }
    }
    return -1;
  }

  defineMacro(stmts: readonly Statement[], i: number, tokens: readonly Token[], first: number): number {
    const stmt = stmts[i]!;
    const head = tokens[first]!;
    const end = this.collect(stmts, i + 1, (n) => n === '.macro', '.endm');
    if (end < 0) {
      this.report(CODES.unterminatedMacro, "'.macro' without '.endm'", stmt, head.start, head.end);
      return stmts.length;
    }
    const nameTok = tokens[first + 1];
    if (!nameTok || nameTok.kind !== 'ident') {
      this.report(CODES.badDirective, "'.macro' needs a name", stmt, head.start, head.end);
      return end;
    }
    let paramText = stmt.text.slice(nameTok.end).trim();
    if (paramText.startsWith(',')) paramText = paramText.slice(1);
    const params: MacroParam[] = [];
    for (const raw of splitTopLevel(paramText, false)) {
      const m = /^([A-Za-z_.$][A-Za-z0-9_.$]*)(?::(req|vararg))?(?:\s*=\s*(.*))?$/.exec(raw.trim());
      if (!m) {
        this.report(CODES.badDirective, `bad macro parameter '${raw.trim()}'`, stmt, nameTok.end, stmt.text.length);
        return end;
      }
      params.push({ name: m[1]!, required: m[2] === 'req', vararg: m[2] === 'vararg', defaultValue: unquote(m[3]?.trim() ?? '') });
    }
    if (this.macros.has(nameTok.text)) {
      this.report(CODES.duplicateSymbol, `macro '${nameTok.text}' is already defined`, stmt, nameTok.start, nameTok.end);
      return end;
    }
    this.macros.set(nameTok.text, { name: nameTok.text, params, body: stmts.slice(i + 1, end) });
    return end;
  }

  expandInto(body: readonly Statement[], subst: (text: string) => string, expansion: Expansion): Statement[] {
    return body.map((s) => ({ ...s, text: subst(s.text), expansion: chain(s.expansion, expansion) }));
  }

  tooDeep(stmt: Statement, depth: number, what: string): boolean {
    if (depth < this.limits.maxDepth) return false;
    this.report(CODES.macroRecursion, `${what} nested more than ${this.limits.maxDepth} deep (runaway recursion?)`, stmt);
    this.stopped = true;
    return true;
  }

  invoke(stmt: Statement, tokens: readonly Token[], first: number, macro: MacroDef, depth: number): 'done' | 'end' {
    const head = tokens[first]!;
    if (this.tooDeep(stmt, depth, `macro '${macro.name}'`)) return 'end';
    const argText = stmt.text.slice(head.end);
    const args = splitMacroArgs(argText);
    const values = new Map<string, string>();
    let positional = 0;
    for (const arg of args) {
      const kw = /^([A-Za-z_.$][A-Za-z0-9_.$]*)\s*=(.*)$/s.exec(arg);
      if (kw && macro.params.some((p) => p.name === kw[1])) {
        values.set(kw[1]!, unquote(kw[2]!.trim()));
        continue;
      }
      const p = macro.params[positional];
      if (!p) {
        this.report(CODES.macroArguments, `too many arguments for macro '${macro.name}' (it takes ${macro.params.length})`, stmt, head.start, stmt.text.length);
        return 'done';
      }
      if (p.vararg) {
        const restArgs = args.slice(args.indexOf(arg)).join(',');
        values.set(p.name, restArgs);
        break;
      }
      values.set(p.name, unquote(arg.trim()));
      positional++;
    }
    for (const p of macro.params) {
      if (!values.has(p.name) || (values.get(p.name) === '' && p.defaultValue !== '')) {
        if (p.required && !values.has(p.name)) {
          this.report(CODES.macroArguments, `macro '${macro.name}' needs argument '${p.name}'`, stmt, head.start, stmt.text.length);
          return 'done';
        }
        values.set(p.name, p.defaultValue);
      }
    }
    const count = String(this.macroCount++);
    const names = [...values.keys()].sort((a, b) => b.length - a.length);
    const subst = (text: string): string =>
      text.replace(/\\(\(\)|@|[A-Za-z_.$][A-Za-z0-9_.$]*)/g, (whole, what: string) => {
        if (what === '()') return '';
        if (what === '@') return count;
        if (values.has(what)) return values.get(what)!;
        const prefix = names.find((n) => what.startsWith(n));
        return prefix === undefined ? whole : values.get(prefix)! + what.slice(prefix.length);
      });
    const expansion: Expansion = {
      what: `macro '${macro.name}'`, file: stmt.file, line: stmt.line, column: stmt.column + head.start, lineText: stmt.lineText,
      parent: stmt.expansion,
    };
    const r = this.run(this.expandInto(macro.body, subst, expansion), depth + 1);
    return r === 'end' ? 'end' : 'done';
  }

  repeat(
    stmts: readonly Statement[], i: number, tokens: readonly Token[], first: number, name: string, depth: number,
  ): { next: number; result: 'done' | 'exitm' | 'end' } {
    const stmt = stmts[i]!;
    const head = tokens[first]!;
    const end = this.collect(stmts, i + 1, (n) => BLOCK_OPEN.has(n), '.endr');
    if (end < 0) {
      this.report(CODES.unterminatedRept, `'${name}' without '.endr'`, stmt, head.start, head.end);
      return { next: stmts.length, result: 'done' };
    }
    if (this.tooDeep(stmt, depth, name)) return { next: end, result: 'end' };
    const body = stmts.slice(i + 1, end);
    const expansion: Expansion = {
      what: name, file: stmt.file, line: stmt.line, column: stmt.column + head.start, lineText: stmt.lineText,
      parent: stmt.expansion,
    };
    const runs: ((t: string) => string)[] = [];
    if (name === '.rept') {
      if (first + 1 >= tokens.length) {
        this.report(CODES.badDirective, "'.rept' needs a count", stmt, head.start, head.end);
        return { next: end, result: 'done' };
      }
      const n = this.host.evaluate(stmt, tokens, first + 1);
      if (n === undefined) return { next: end, result: 'done' };
      if (n > BigInt(this.limits.maxStatements)) {
        this.report(CODES.badDirective, `'.rept' count ${n} is too large`, stmt, head.end, stmt.text.length);
        return { next: end, result: 'done' };
      }
      for (let k = 0n; k < n; k++) runs.push((t) => t);
    } else {
      const rest = stmt.text.slice(head.end);
      const m = /^\s*([A-Za-z_.$][A-Za-z0-9_.$]*)\s*,?\s*(.*)$/s.exec(rest);
      if (!m) {
        this.report(CODES.badDirective, `'${name}' needs a parameter name`, stmt, head.start, stmt.text.length);
        return { next: end, result: 'done' };
      }
      const param = m[1]!;
      const items = name === '.irp' ? (m[2]!.trim() === '' ? [''] : splitMacroArgs(m[2]!).map((a) => unquote(a.trim()))) : [...unquote(m[2]!.trim())];
      const re = new RegExp(`\\\\(\\(\\)|${param.replace(/[.$]/g, '\\$&')}(?![A-Za-z0-9_.$]))`, 'g');
      for (const item of items) runs.push((t) => t.replace(re, (_w, what: string) => (what === '()' ? '' : item)));
    }
    for (const subst of runs) {
      const r = this.run(this.expandInto(body, subst, expansion), depth + 1);
      if (r === 'end') return { next: end, result: 'end' };
      if (r === 'exitm') return { next: end, result: 'exitm' };
    }
    return { next: end, result: 'done' };
  }

  include(stmt: Statement, tokens: readonly Token[], first: number, depth: number): 'done' | 'end' {
    const head = tokens[first]!;
    const arg = tokens[first + 1];
    if (!arg || arg.kind !== 'string' || tokens.length !== first + 2) {
      this.report(CODES.badDirective, "'.include' needs one \"file\" name", stmt, head.start, stmt.text.length);
      return 'done';
    }
    const found = this.host.readFile(arg.text, stmt.file);
    if (!found) {
      this.report(CODES.missingInclude, `cannot find include file '${arg.text}'`, stmt, arg.start, arg.end);
      return 'done';
    }
    if (this.includeStack.includes(found.path) || found.path === stmt.file) {
      this.report(CODES.includeRecursion, `'${arg.text}' includes itself`, stmt, arg.start, arg.end);
      return 'done';
    }
    if (this.tooDeep(stmt, depth, '.include')) return 'end';
    this.includeStack.push(found.path);
    const expansion: Expansion = {
      what: `.include`, file: stmt.file, line: stmt.line, column: stmt.column + head.start, lineText: stmt.lineText,
      parent: stmt.expansion,
    };
    const inner = splitStatements(found.text, found.path, this.diagnostics).map((s) => ({ ...s, expansion }));
    this.run(inner, depth + 1);
    this.includeStack.pop();
    // `.end` inside an include ends that file only.
    this.stopped = false;
    return 'done';
  }
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 12 && c !== 11) return false;
  }
  return true;
}

function chain(inner: Expansion | undefined, outer: Expansion): Expansion {
  if (!inner) return outer;
  return { ...inner, parent: chain(inner.parent, outer) };
}

/** Lower-cased first directive-like word of a statement after labels ('' if none). */
function directiveName(text: string): string {
  const m = /^\s*(?:(?:[A-Za-z_.$][A-Za-z0-9_.$]*|\d+)\s*:\s*)*(\.[A-Za-z_][A-Za-z0-9_]*)/.exec(text);
  return m ? m[1]!.toLowerCase() : '';
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

/** Splits at commas outside parentheses and strings; with `commasOnly` false also at blanks. */
export function splitTopLevel(text: string, commasOnly: boolean): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  let inString = false;
  const hasComma = text.includes(',');
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      cur += c;
      if (c === '\\' && i + 1 < text.length) cur += text[++i];
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === '(') depth++;
    if (c === ')') depth--;
    const isBlankSplit = !commasOnly && !hasComma && (c === ' ' || c === '\t') && depth === 0;
    if ((c === ',' && depth === 0) || isBlankSplit) {
      if (c === ',' || cur.trim() !== '') parts.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim() !== '' || parts.length > 0) parts.push(cur);
  return parts.map((p) => p.trim()).filter((p, idx, all) => p !== '' || all.length > 1);
}

function splitMacroArgs(text: string): string[] {
  if (text.trim() === '') return [];
  return splitTopLevel(text.trim(), false);
}

/** Runs the preprocessor over one source file's statements. */
export function preprocess(
  stmts: readonly Statement[],
  host: PreprocessHost,
  diagnostics: Diagnostic[],
  limits: PreprocessLimits = DEFAULT_LIMITS,
): void {
  const p = new Preprocessor(host, diagnostics, limits);
  if (stmts[0]) p.includeStack.push(stmts[0].file);
  p.run(stmts, 0);
  for (const c of p.conds) {
    diagnostics.push(error(CODES.unterminatedIf, "'.if' without '.endif'", locationOf(c.stmt, 0, c.stmt.text.length), expansionNotes(c.stmt)));
  }
}
