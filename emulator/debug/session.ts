// `gpesim debug`'s command language over the debug engine: parses one command line, runs it,
// writes what it shows. Commands are a closed set (COMMANDS below drives `help`, completion and
// dispatch); every error is a one-line message, never an exception out of `execute`.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ElfImage } from '../../toolchain/elf/types';
import { disassembleWord } from '../../toolchain/disasm/word';
import { csrByNumber } from '../../toolchain/isa/csrs';
import { F_ABI_NAMES, X_ABI_NAMES, fRegister } from '../../toolchain/isa/registers';
import { HART_RUNNING } from '../core/hart';
import { DebugEngine, PC_REG, type Condition, type Goal, type StopReason, type WatchKind } from './engine';
import { LineTable } from './lines';

export class CommandError extends Error {}

interface CommandSpec {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly usage: string;
  readonly help: string;
}

export const COMMANDS: readonly CommandSpec[] = Object.freeze([
  { name: 'help', aliases: ['h', '?'], usage: 'help [COMMAND]', help: 'list the commands, or explain one' },
  { name: 'hart', aliases: [], usage: 'hart [N]', help: 'select hart N (by hart id), or show the selected one' },
  { name: 'tile', aliases: [], usage: 'tile T gpe G', help: 'select GPE G of tile T' },
  { name: 'step', aliases: ['s', 'si', 'stepi'], usage: 'step [N] | step all [N]', help: 'run the selected hart N instructions (default 1); `all`: until every running hart ran N more. Other harts run as the machine schedules them' },
  { name: 'continue', aliases: ['c', 'cont'], usage: 'continue', help: 'run until a breakpoint, a watchpoint, a fault, or every hart exited' },
  { name: 'until', aliases: ['u'], usage: 'until ADDR|SYM|FILE:LINE', help: 'continue until the selected hart reaches the location (a temporary breakpoint)' },
  { name: 'run', aliases: [], usage: 'run N', help: 'continue for N machine cycles (functional machine: one cycle per instruction); the clock is the time every running hart has reached' },
  { name: 'break', aliases: ['b'], usage: 'break LOC [hart N] [if REG==VAL|REG!=VAL]', help: 'stop any hart (or hart N) before it executes LOC: an address, SYM[+OFF] or FILE:LINE' },
  { name: 'tbreak', aliases: [], usage: 'tbreak LOC [hart N] [if REG==VAL]', help: 'like break, deleted when first hit' },
  { name: 'watch', aliases: [], usage: 'watch ADDR|SYM[,LEN] [hart N]', help: 'stop after an instruction writes any byte of [ADDR, ADDR+LEN) (LEN default 4)' },
  { name: 'rwatch', aliases: [], usage: 'rwatch ADDR|SYM[,LEN] [hart N]', help: 'stop after an instruction reads the range' },
  { name: 'awatch', aliases: [], usage: 'awatch ADDR|SYM[,LEN] [hart N]', help: 'stop after an instruction reads or writes the range' },
  { name: 'delete', aliases: ['d'], usage: 'delete [N...]', help: 'delete breakpoints/watchpoints N, or all of them' },
  { name: 'info', aliases: ['i'], usage: 'info breakpoints|harts|cache [l1|l2] [BANK]|symbol ADDR', help: 'breakpoints and watchpoints; every hart (pc, state, instructions, cycles, stalls); cache banks (timed machine); the symbol at ADDR' },
  { name: 'regs', aliases: ['r', 'registers'], usage: 'regs', help: 'the selected hart\'s pc and x registers' },
  { name: 'fregs', aliases: [], usage: 'fregs', help: 'the FP registers as bits and as floats, and fcsr' },
  { name: 'csr', aliases: [], usage: 'csr NAME|NUMBER', help: 'read a CSR of the selected hart' },
  { name: 'x', aliases: [], usage: 'x/NF ADDR|SYM|$REG', help: 'examine memory: N units of format F: x hex words, d signed words, b bytes, h halfwords, f floats, s string, i instructions' },
  { name: 'disasm', aliases: ['disassemble'], usage: 'disasm [ADDR] [N]', help: 'N instructions (default 8) from ADDR (default pc), with symbols and source lines' },
  { name: 'list', aliases: ['l'], usage: 'list [LOC]', help: 'source lines around the selected hart\'s pc (or LOC)' },
  { name: 'set', aliases: [], usage: 'set reg REG VAL | set mem ADDR VAL [SIZE] | set csr NAME VAL | set freg FREG VAL', help: 'change state (REG: x/ABI name or pc; VAL: number, or a float for set freg; SIZE 1, 2 or 4 bytes)' },
  { name: 'reverse-step', aliases: ['rs', 'rsi', 'reverse-stepi'], usage: 'reverse-step [N]', help: 'go back N instructions of the selected hart (exact: replays the machine from a checkpoint)' },
  { name: 'reverse-continue', aliases: ['rc'], usage: 'reverse-continue', help: 'go back to the latest breakpoint or watchpoint hit (or to launch when there is none)' },
  { name: 'quit', aliases: ['q', 'exit'], usage: 'quit', help: 'leave the debugger' },
]);

const BY_NAME = new Map<string, CommandSpec>();
for (const c of COMMANDS) {
  BY_NAME.set(c.name, c);
  for (const a of c.aliases) BY_NAME.set(a, c);
}

export const hex8 = (v: number): string => '0x' + (v >>> 0).toString(16).padStart(8, '0');

const NO_LINES = 'no source line information in the program (assemble with -g)';

function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (/^-?(0x[0-9a-f]+|\d+)$/i.test(t)) {
    const neg = t.startsWith('-');
    const v = Number(neg ? t.slice(1) : t);
    return neg ? -v : v;
  }
  return undefined;
}

function f32(bits: number): number {
  const b = new DataView(new ArrayBuffer(4));
  b.setUint32(0, bits >>> 0, true);
  return b.getFloat32(0, true);
}

function f32Bits(value: number): number {
  const b = new DataView(new ArrayBuffer(4));
  b.setFloat32(0, value, true);
  return b.getUint32(0, true);
}

function floatText(bits: number): string {
  const v = f32(bits);
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Object.is(v, -0)) return '-0';
  return String(Number(v.toPrecision(9)));
}

export interface SessionOptions {
  readonly image: ElfImage;
  readonly lines: LineTable;
  readonly write: (text: string) => void;
  readonly cwd: string;
}

export class DebugSession {
  readonly engine: DebugEngine;
  private readonly image: ElfImage;
  private readonly lines: LineTable;
  private readonly write: (text: string) => void;
  private readonly cwd: string;
  private readonly symbolsByName: Map<string, number>;
  private readonly symbolList: { name: string; value: number; size: number }[];
  private readonly sourceCache: Map<string, string[] | null>;
  done: boolean;

  constructor(engine: DebugEngine, options: SessionOptions) {
    this.engine = engine;
    this.image = options.image;
    this.lines = options.lines;
    this.write = options.write;
    this.cwd = options.cwd;
    this.symbolsByName = new Map();
    for (const s of this.image.symbols) {
      if (s.section === undefined || s.name === '' || s.type === 'section' || s.type === 'file' || s.name.startsWith('$')) continue;
      if (!this.symbolsByName.has(s.name) || s.binding !== 'local') this.symbolsByName.set(s.name, s.value >>> 0);
    }
    this.symbolList = [...this.symbolsByName.entries()].map(([name, value]) => ({ name, value, size: 0 }));
    this.sourceCache = new Map();
    this.done = false;
  }

  /** Names for tab completion: commands, then symbols. */
  completions(): string[] {
    return [...BY_NAME.keys(), ...this.symbolsByName.keys()];
  }

  private out(text: string): void {
    this.write(text.endsWith('\n') ? text : text + '\n');
  }

  private symbolAt(address: number): string | undefined {
    return this.engine.m.functional.symbols.describe(address);
  }

  private where(address: number): string {
    const sym = this.symbolAt(address);
    return sym !== undefined ? `${hex8(address)} <${sym}>` : hex8(address);
  }

  private sourceText(address: number): string {
    const e = this.lines.at(address);
    return e !== undefined ? `${baseName(e.file)}:${e.line}` : '';
  }

  /** One disassembled line: `=> 0x00010074 <_start>:  mv s0,a0   prog.s:5`. */
  private insnLine(address: number, mark: boolean): string {
    const word = this.engine.readMemory(address, 4);
    const w = word === undefined ? undefined : (word[0]! | (word[1]! << 8) | (word[2]! << 16) | (word[3]! << 24)) >>> 0;
    const text = w === undefined ? '(outside memory)' : disassembleWord(w, address, { aliases: true, customCsrNames: true, symbolAt: (a) => this.symbolAt(a) }).replace('\t', ' ');
    const src = this.sourceText(address);
    const head = `${mark ? '=> ' : '   '}${this.where(address)}:`;
    return `${head.padEnd(34)} ${text.padEnd(32)}${src !== '' ? ` ${src}` : ''}`.trimEnd();
  }

  // ---- locations ----

  /** Evaluates ADDR: number, SYM[+-OFF], *ADDR, $REG, FILE:LINE. */
  address(text: string): number {
    const t = text.trim().replace(/^\*/, '');
    const n = parseNumber(t);
    if (n !== undefined) return n >>> 0;
    if (t.startsWith('$')) {
      const r = DebugEngine.xIndex(t.slice(1));
      if (r === undefined) throw new CommandError(`unknown register '${t}'`);
      return this.engine.readX(this.engine.selected, r);
    }
    const fl = /^(.+):(\d+)$/.exec(t);
    if (fl !== null) {
      if (this.lines.entries.length === 0) throw new CommandError(NO_LINES);
      const a = this.lines.addressOf(fl[1]!, Number(fl[2]));
      if (a === undefined) throw new CommandError(`no instruction at ${t}`);
      return a;
    }
    const m = /^([A-Za-z_.$][\w.$]*)\s*(?:([+-])\s*(0x[0-9a-f]+|\d+))?$/i.exec(t);
    if (m !== null) {
      const base = this.symbolsByName.get(m[1]!);
      if (base === undefined) throw new CommandError(`no symbol '${m[1]}' in the program`);
      const off = m[3] !== undefined ? Number(m[3]) * (m[2] === '-' ? -1 : 1) : 0;
      return (base + off) >>> 0;
    }
    throw new CommandError(`cannot read address '${text}' (expected a number, SYM[+OFF], $REG or FILE:LINE)`);
  }

  private hartArg(text: string): number {
    const n = parseNumber(text);
    const harts = this.engine.harts;
    const k = n === undefined ? -1 : harts.findIndex((h) => h.hartId === n);
    if (k < 0) throw new CommandError(`no hart ${text} (harts ${harts[0]!.hartId}..${harts[harts.length - 1]!.hartId} are running this program)`);
    return k;
  }

  /** A number the user typed (`what` names it in the error). */
  private value(text: string, what = 'value'): number {
    const n = parseNumber(text);
    if (n === undefined) throw new CommandError(`${what} must be a number, got '${text}'`);
    return n;
  }

  private count(text: string | undefined, fallback: number, what: string): number {
    if (text === undefined) return fallback;
    const n = parseNumber(text);
    if (n === undefined || n < 0 || !Number.isSafeInteger(n)) throw new CommandError(`${what} expects a count, got '${text}'`);
    return n;
  }

  // ---- stops ----

  private report(stop: StopReason | null): void {
    const e = this.engine;
    if (stop === null) return;
    const label = e.hartLabel(stop.hart);
    switch (stop.kind) {
      case 'step':
      case 'cycles':
        break;
      case 'breakpoint':
        if (stop.point.internal) break; // `until`: just show where it stopped
        this.out(`${label} hit ${stop.point.temporary ? 'temporary breakpoint' : 'breakpoint'} ${stop.point.id} at ${this.where(stop.point.address)}`);
        break;
      case 'watchpoint': {
        const bytes = e.readMemory(stop.point.address, Math.min(stop.point.length, 4));
        let value = '';
        if (bytes !== undefined) value = ` (now ${hexBytes(bytes)})`;
        this.out(`${label} hit watchpoint ${stop.point.id} (${stop.point.label}): ${stop.access} of ${stop.size} byte${stop.size === 1 ? '' : 's'} at ${hex8(stop.address)}${value}`);
        this.out(`  by ${this.insnLine(stop.pc, false).trim()}`);
        break;
      }
      case 'exited':
        this.out(`every hart has exited; hart 0 exit code ${stop.code}`);
        return;
      case 'fault':
        this.out(`fault: ${stop.message}`);
        return;
      case 'history-start':
        this.out('no earlier breakpoint or watchpoint hit: back at launch');
        break;
      case 'interrupted':
        this.out(`${label} interrupted`);
        break;
      default: {
        const never: never = stop;
        throw new Error(`unknown stop ${String(never)}`);
      }
    }
    const h = e.hart();
    if (h.state === HART_RUNNING) this.out(`[${e.hartLabel(e.selected)}]\n${this.insnLine(h.pc, true)}`);
    else this.out(`[${e.hartLabel(e.selected)}] ${e.stateName(e.selected)}`);
  }

  private go(goal: Goal): void {
    this.report(this.engine.resume(goal));
  }

  // ---- dispatch ----

  /** Command lines that failed so far (a script's exit status is 1 if any did). */
  errors = 0;

  /** Runs one command line; errors are written, never thrown. */
  execute(line: string): void {
    const text = line.trim();
    if (text === '' || text.startsWith('#')) return;
    try {
      this.dispatch(text);
    } catch (error) {
      this.errors++;
      if (error instanceof CommandError) this.out(`error: ${error.message}`);
      else this.out(`internal error (a gpesim bug; please report the command): ${(error as Error).message}`);
    }
  }

  private dispatch(text: string): void {
    const slash = /^x\/(\S*)\s*(.*)$/.exec(text);
    if (slash !== null) return this.examine(slash[1]!, slash[2]!);
    const words = text.split(/\s+/);
    const name = words[0]!.toLowerCase();
    const args = words.slice(1);
    const spec = BY_NAME.get(name);
    if (spec === undefined) throw new CommandError(`unknown command '${words[0]}' (try help)`);
    const e = this.engine;
    switch (spec.name) {
      case 'help': return this.help(args[0]);
      case 'quit': this.done = true; return;
      case 'hart': {
        if (args.length === 0) return this.out(`[${e.hartLabel(e.selected)}] ${e.stateName(e.selected)} at ${this.where(e.hart().pc)}`);
        e.selected = this.hartArg(args[0]!);
        return this.report({ kind: 'step', hart: e.selected });
      }
      case 'tile': {
        if (args.length !== 3 || args[1] !== 'gpe') throw new CommandError('usage: tile T gpe G');
        const t = this.count(args[0], 0, 'tile');
        const g = this.count(args[2], 0, 'gpe');
        const k = e.harts.findIndex((h) => h.tile === t && h.gpe === g);
        if (k < 0) throw new CommandError(`tile ${t} gpe ${g} is not running this program (${e.harts.length} harts)`);
        e.selected = k;
        return this.report({ kind: 'step', hart: k });
      }
      case 'step':
        if (args[0] === 'all') return this.go(e.stepAllGoal(this.count(args[1], 1, 'step all')));
        return this.go(e.stepGoal(this.count(args[0], 1, 'step')));
      case 'continue': return this.go({ kind: 'continue' });
      case 'until': {
        if (args.length === 0) throw new CommandError('usage: until ADDR|SYM|FILE:LINE');
        const bp = e.addBreakpoint(this.address(args.join(' ')), { hart: e.selected, temporary: true, internal: true });
        try {
          this.go({ kind: 'continue' });
        } finally {
          if (e.points.includes(bp)) e.removePoint(bp);
        }
        return;
      }
      case 'run': return this.go(e.cyclesGoal(this.count(args[0], 1, 'run')));
      case 'break':
      case 'tbreak': return this.breakCommand(args, spec.name === 'tbreak');
      case 'watch':
      case 'rwatch':
      case 'awatch': return this.watchCommand(args, spec.name === 'watch' ? 'write' : spec.name === 'rwatch' ? 'read' : 'access');
      case 'delete': {
        const visible = e.points.filter((p) => !p.internal);
        if (args.length === 0) {
          for (const p of visible) e.removePoint(p);
          return this.out(`deleted ${visible.length} breakpoint${visible.length === 1 ? '' : 's'}/watchpoints`);
        }
        for (const a of args) {
          const p = visible.find((q) => q.id === parseNumber(a));
          if (p === undefined) throw new CommandError(`no breakpoint number ${a}`);
          e.removePoint(p);
        }
        return;
      }
      case 'info': return this.info(args);
      case 'regs': return this.regs();
      case 'fregs': return this.fregs();
      case 'csr': {
        if (args.length !== 1) throw new CommandError('usage: csr NAME|NUMBER');
        const num = DebugEngine.csrNumber(args[0]!);
        if (num === undefined) throw new CommandError(`unknown CSR '${args[0]}'`);
        const v = e.readCsr(e.selected, num);
        if (v === undefined) throw new CommandError(`CSR ${args[0]} is not implemented by the GPE`);
        const name = csrByNumber(num)?.name ?? `0x${num.toString(16)}`;
        return this.out(`${name} = ${hex8(v)} (${v})`);
      }
      case 'disasm': {
        const start = args[0] !== undefined ? this.address(args[0]) : e.hart().pc >>> 0;
        const n = this.count(args[1], 8, 'disasm');
        const pc = e.hart().pc >>> 0;
        const lines: string[] = [];
        for (let k = 0; k < n; k++) {
          const a = (start + 4 * k) >>> 0;
          const sym = this.symbolsByName.size > 0 ? this.symbolList.find((s) => s.value === a) : undefined;
          if (sym !== undefined && k > 0) lines.push(`${hex8(a)} <${sym.name}>:`);
          lines.push(this.insnLine(a, a === pc));
        }
        return this.out(lines.join('\n'));
      }
      case 'list': return this.list(args);
      case 'set': return this.setCommand(args);
      case 'reverse-step': {
        const n = this.count(args[0], 1, 'reverse-step');
        const stop = e.reverseStep(n);
        return this.report(stop);
      }
      case 'reverse-continue': return this.report(e.reverseContinue());
      default:
        throw new CommandError(`command '${spec.name}' has no handler`);
    }
  }

  private help(what: string | undefined): void {
    if (what !== undefined) {
      const spec = BY_NAME.get(what.toLowerCase().replace(/\/.*$/, ''));
      if (spec === undefined) throw new CommandError(`no command '${what}'`);
      const aliases = spec.aliases.length > 0 ? `  (also: ${spec.aliases.join(', ')})` : '';
      return this.out(`${spec.usage}${aliases}\n  ${spec.help}`);
    }
    const width = Math.max(...COMMANDS.map((c) => c.usage.length));
    this.out(
      ['Commands (help COMMAND for one):', ...COMMANDS.map((c) => `  ${c.usage.padEnd(Math.min(width, 44))}  ${c.help}`)].join('\n'),
    );
  }

  private parseCondition(words: string[]): { hart: number; condition: Condition | null; rest: string[] } {
    let hart = -1;
    let condition: Condition | null = null;
    const rest: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (w === 'hart' && i + 1 < words.length) {
        hart = this.hartArg(words[++i]!);
      } else if (w === 'if') {
        const expr = words.slice(i + 1).join('');
        const m = /^\$?([a-z0-9]+)(==|!=)(.+)$/i.exec(expr);
        if (m === null) throw new CommandError(`condition must look like REG==VALUE or REG!=VALUE, got '${expr}'`);
        const reg = DebugEngine.xIndex(m[1]!);
        if (reg === undefined) throw new CommandError(`unknown register '${m[1]}' in condition`);
        const value = this.value(m[3]!, 'condition value');
        condition = { reg, op: m[2] as '==' | '!=', value: value | 0, text: `${m[1]}${m[2]}${m[3]}` };
        break;
      } else {
        rest.push(w);
      }
    }
    return { hart, condition, rest };
  }

  private breakCommand(args: string[], temporary: boolean): void {
    const { hart, condition, rest } = this.parseCondition(args);
    if (rest.length === 0) throw new CommandError('usage: break ADDR|SYM|FILE:LINE [hart N] [if REG==VAL]');
    const loc = rest.join(' ');
    const address = this.address(loc);
    const bp = this.engine.addBreakpoint(address, { hart, temporary, condition, label: loc });
    const on = hart >= 0 ? ` on ${this.engine.hartLabel(hart)}` : '';
    const src = this.sourceText(address);
    this.out(`${temporary ? 'Temporary breakpoint' : 'Breakpoint'} ${bp.id} at ${this.where(address)}${src !== '' ? ` (${src})` : ''}${on}${condition !== null ? ` if ${condition.text}` : ''}`);
  }

  private watchCommand(args: string[], access: WatchKind): void {
    const { hart, rest } = this.parseCondition(args);
    if (rest.length === 0) throw new CommandError(`usage: ${access === 'write' ? 'watch' : access === 'read' ? 'rwatch' : 'awatch'} ADDR|SYM[,LEN] [hart N]`);
    const [loc, len] = rest.join(' ').split(',');
    const address = this.address(loc!);
    const length = len !== undefined ? this.count(len.trim(), 4, 'watch length') : 4;
    if (length < 1) throw new CommandError('watch length must be at least 1');
    const wp = this.engine.addWatchpoint(address, length, access, { hart, label: loc!.trim() + (len !== undefined ? `,${length}` : '') });
    const word = access === 'write' ? 'Watchpoint' : access === 'read' ? 'Read watchpoint' : 'Access watchpoint';
    this.out(`${word} ${wp.id}: ${this.where(address)}, ${length} byte${length === 1 ? '' : 's'}${hart >= 0 ? ` on ${this.engine.hartLabel(hart)}` : ''}`);
  }

  private info(args: string[]): void {
    const e = this.engine;
    const what = args[0] ?? '';
    if ('breakpoints'.startsWith(what) && what.length >= 1 || what === 'watchpoints') {
      const visible = e.points.filter((p) => !p.internal);
      if (visible.length === 0) return this.out('no breakpoints or watchpoints');
      const lines = ['Num  Type            Where                              Hart  Hits  Condition'];
      for (const p of visible) {
        const type = p.kind === 'break' ? (p.temporary ? 'tbreak' : 'breakpoint') : p.access === 'write' ? 'watchpoint' : p.access === 'read' ? 'read watchpoint' : 'acc watchpoint';
        const where = p.kind === 'break' ? `${this.where(p.address)} (${p.label})` : `${this.where(p.address)},${p.length}`;
        const hart = p.hart < 0 ? 'any' : String(e.harts[p.hart]!.hartId);
        const cond = p.kind === 'break' && p.condition !== null ? p.condition.text : '';
        lines.push(`${String(p.id).padEnd(4)} ${type.padEnd(15)} ${where.padEnd(34)} ${hart.padEnd(5)} ${String(p.hits).padEnd(5)} ${cond}`.trimEnd());
      }
      return this.out(lines.join('\n'));
    }
    if (what === 'harts' || what === 'threads') return this.infoHarts();
    if (what === 'cache') return this.infoCache(args.slice(1));
    if (what === 'symbol') {
      if (args[1] === undefined) throw new CommandError('usage: info symbol ADDR');
      return this.out(this.where(this.address(args[1])));
    }
    throw new CommandError(`info what? breakpoints, harts, cache [l1|l2] [BANK], symbol ADDR`);
  }

  private infoHarts(): void {
    const e = this.engine;
    const timed = e.m.timed;
    const head = ['', 'hart', 'tile', 'gpe', 'state', 'pc', 'instructions', 'cycles'];
    if (timed !== null) head.push('busy', 'mem-stall', 'exec-stall');
    const rows = e.harts.map((h, k) => {
      const row = [k === e.selected ? '*' : '', String(h.hartId), String(h.tile), String(h.gpe), e.stateName(k), this.where(h.pc), String(h.instret), String(e.m.cycles(k))];
      if (timed !== null) row.push(String(h.instret), String(timed.memStall[k]), String(timed.execStall[k])); // busy: one cycle per instruction
      return row;
    });
    this.out(table(head, rows));
    this.out(`machine clock ${e.m.clock()} cycles, ${e.g} instructions retired in all`);
  }

  private infoCache(args: string[]): void {
    const timed = this.engine.m.timed;
    if (timed === null) throw new CommandError('no caches: the functional machine has none (start the debugger with --timed)');
    const ms = timed.memsys;
    const level = args[0]?.toLowerCase();
    if (level !== undefined && level !== 'l1' && level !== 'l2') throw new CommandError(`info cache: level must be l1 or l2, got '${args[0]}'`);
    if (level === undefined || args[1] === undefined) {
      this.out(`modes: L1 ${ms.l1Mode}, L2 ${ms.l2Mode}; line ${ms.lineBytes} bytes`);
      const banks = level === 'l2' ? ms.l2 : level === 'l1' ? ms.l1 : [...ms.l1, ...ms.l2];
      const head = ['bank', 'valid', 'dirty', 'reads', 'writes', 'hits', 'misses', 'miss%', 'writebacks', 'fills', 'conflicts'];
      const rows = banks
        .filter((b) => level !== undefined || b.reads + b.writes > 0 || b.validLines() > 0)
        .map((b) => {
          let dirty = 0;
          for (let s = 0; s < b.dirty.length; s++) if (b.tags[s] !== -1 && b.dirty[s] !== 0) dirty++;
          const acc = b.hits + b.misses;
          return [b.name, String(b.validLines()), String(dirty), String(b.reads), String(b.writes), String(b.hits), String(b.misses), acc > 0 ? ((100 * b.misses) / acc).toFixed(1) : '-', String(b.writebacks), String(b.fills), String(b.conflicts)];
        });
      this.out(rows.length > 0 ? table(head, rows) : 'no cache bank has been used yet');
      return;
    }
    const banks = level === 'l1' ? ms.l1 : ms.l2;
    const index = parseNumber(args[1]);
    if (index === undefined || index < 0 || index >= banks.length) throw new CommandError(`${level} bank must be 0..${banks.length - 1}`);
    const b = banks[index]!;
    const lines = [`${b.name}: ${b.sets} sets x ${b.ways} ways; reads ${b.reads} writes ${b.writes} hits ${b.hits} misses ${b.misses} writebacks ${b.writebacks}`];
    for (let s = 0; s < b.tags.length; s++) {
      if (b.tags[s] === -1) continue;
      const line = b.tags[s]! >>> 0;
      const addr = (line * ms.lineBytes) >>> 0;
      lines.push(`  set ${String(Math.floor(s / b.ways)).padStart(3)} way ${s % b.ways}: line ${hex8(addr)}${b.dirty[s] !== 0 ? ' dirty' : ''}`);
    }
    if (lines.length === 1) lines.push('  (no valid lines)');
    this.out(lines.join('\n'));
  }

  private regs(): void {
    const e = this.engine;
    const k = e.selected;
    const lines = [`${e.hartLabel(k)} ${e.stateName(k)}  pc ${this.where(e.hart().pc)}`];
    for (let r = 0; r < 32; r += 4) {
      const cells: string[] = [];
      for (let c = r; c < r + 4; c++) cells.push(`${`${X_ABI_NAMES[c]}`.padStart(4)} ${hex8(e.readX(k, c))}`);
      lines.push(cells.join('  '));
    }
    this.out(lines.join('\n'));
  }

  private fregs(): void {
    const e = this.engine;
    const k = e.selected;
    const lines: string[] = [];
    for (let r = 0; r < 32; r += 2) {
      const cells: string[] = [];
      for (let c = r; c < r + 2; c++) {
        const bits = e.readF(k, c);
        cells.push(`${F_ABI_NAMES[c]!.padStart(4)} ${hex8(bits)} ${floatText(bits).padEnd(16)}`);
      }
      lines.push(cells.join('  ').trimEnd());
    }
    lines.push(`fcsr ${hex8(e.readCsr(k, 3)!)}  frm ${e.readCsr(k, 2)}  fflags ${hex8(e.readCsr(k, 1)!)}`);
    this.out(lines.join('\n'));
  }

  private examine(fmt: string, where: string): void {
    const m = /^(\d*)([xdbhfsi]?)$/.exec(fmt);
    if (m === null) throw new CommandError(`x/NF: N a count, F one of x d b h f s i (got '${fmt}')`);
    const n = m[1] !== '' ? Number(m[1]) : 1;
    const f = m[2] !== '' ? m[2]! : 'x';
    if (where.trim() === '') throw new CommandError('x/NF ADDR|SYM|$REG');
    let address = this.address(where);
    const e = this.engine;
    if (f === 'i') {
      const lines: string[] = [];
      for (let k = 0; k < n; k++) lines.push(this.insnLine((address + 4 * k) >>> 0, false));
      return this.out(lines.join('\n'));
    }
    if (f === 's') {
      const chars: number[] = [];
      for (let k = 0; k < 4096; k++) {
        const b = e.readMemory(address + k, 1);
        if (b === undefined || b[0] === 0) break;
        chars.push(b[0]!);
      }
      return this.out(`${this.where(address)}: ${JSON.stringify(new TextDecoder().decode(new Uint8Array(chars)))}`);
    }
    const size = f === 'b' ? 1 : f === 'h' ? 2 : 4;
    const perLine = f === 'b' ? 8 : 4;
    const bytes = e.readMemory(address, n * size);
    if (bytes === undefined) throw new CommandError(`cannot read ${n * size} bytes at ${hex8(address)}: outside memory`);
    const lines: string[] = [];
    for (let k = 0; k < n; k += perLine) {
      const cells: string[] = [];
      for (let j = k; j < Math.min(n, k + perLine); j++) {
        let v = 0;
        for (let b = size - 1; b >= 0; b--) v = v * 256 + bytes[j * size + b]!;
        if (f === 'x') cells.push('0x' + v.toString(16).padStart(size * 2, '0'));
        else if (f === 'd') cells.push(String(size === 4 ? v | 0 : size === 2 ? (v << 16) >> 16 : (v << 24) >> 24));
        else if (f === 'f') cells.push(floatText(v));
        else cells.push('0x' + v.toString(16).padStart(size * 2, '0'));
      }
      lines.push(`${this.where(address)}: ${cells.join(' ')}`);
      address = (address + perLine * size) >>> 0;
    }
    this.out(lines.join('\n'));
  }

  private readSource(file: string): string[] | null {
    if (!this.sourceCache.has(file)) {
      let text: string[] | null = null;
      try {
        text = readFileSync(resolve(this.cwd, file), 'utf8').split('\n');
      } catch {
        text = null;
      }
      this.sourceCache.set(file, text);
    }
    return this.sourceCache.get(file)!;
  }

  private list(args: string[]): void {
    const e = this.engine;
    const address = args.length > 0 ? this.address(args.join(' ')) : e.hart().pc >>> 0;
    const entry = this.lines.at(address);
    if (entry === undefined) {
      throw new CommandError(this.lines.entries.length === 0 ? NO_LINES : `no source line for ${this.where(address)}`);
    }
    const source = this.readSource(entry.file);
    if (source === null) throw new CommandError(`cannot read source file ${entry.file}`);
    const first = Math.max(1, entry.line - 5);
    const last = Math.min(source.length, entry.line + 5);
    const out: string[] = [`${entry.file}:`];
    for (let l = first; l <= last; l++) out.push(`${l === entry.line ? '=>' : '  '}${String(l).padStart(5)}  ${source[l - 1] ?? ''}`);
    this.out(out.join('\n'));
  }

  private setCommand(args: string[]): void {
    const e = this.engine;
    const k = e.selected;
    const what = args[0];
    if (what === 'reg' || what === 'var') {
      if (args.length !== 3) throw new CommandError('usage: set reg REG VALUE');
      const name = args[1]!.replace(/^\$/, '');
      const r = DebugEngine.xIndex(name);
      const value = this.value(args[2]!);
      if (r !== undefined) {
        e.writeX(k, r, value);
        return this.out(`${name} = ${hex8(e.readX(k, r))}`);
      }
      const f = fRegister(name);
      if (f !== undefined) {
        e.writeF(k, f, value);
        return this.out(`${name} = ${hex8(e.readF(k, f))}`);
      }
      throw new CommandError(`unknown register '${args[1]}'`);
    }
    if (what === 'freg') {
      if (args.length !== 3) throw new CommandError('usage: set freg FREG FLOAT');
      const f = fRegister(args[1]!.replace(/^\$/, ''));
      if (f === undefined) throw new CommandError(`unknown FP register '${args[1]}'`);
      const v = Number(args[2]);
      if (Number.isNaN(v) && args[2] !== 'nan') throw new CommandError(`value must be a number, got '${args[2]}'`);
      e.writeF(k, f, f32Bits(v));
      return this.out(`${args[1]} = ${hex8(e.readF(k, f))} ${floatText(e.readF(k, f))}`);
    }
    if (what === 'mem') {
      if (args.length < 3 || args.length > 4) throw new CommandError('usage: set mem ADDR VALUE [SIZE]');
      const address = this.address(args[1]!);
      const value = this.value(args[2]!);
      const size = this.count(args[3], 4, 'set mem size');
      if (size !== 1 && size !== 2 && size !== 4) throw new CommandError('size must be 1, 2 or 4');
      const bytes = new Uint8Array(size);
      for (let b = 0; b < size; b++) bytes[b] = (value >>> (8 * b)) & 0xff;
      if (!e.writeMemory(address, bytes)) throw new CommandError(`cannot write ${size} bytes at ${hex8(address)}: outside memory`);
      return this.out(`${this.where(address)} = ${'0x' + (value >>> 0 & (size === 4 ? 0xffffffff : (1 << (8 * size)) - 1)).toString(16)}`);
    }
    if (what === 'csr') {
      if (args.length !== 3) throw new CommandError('usage: set csr NAME VALUE');
      const num = DebugEngine.csrNumber(args[1]!);
      if (num === undefined) throw new CommandError(`unknown CSR '${args[1]}'`);
      const value = this.value(args[2]!);
      if (!e.writeCsr(k, num, value)) throw new CommandError(`CSR ${args[1]} cannot be written (read-only or not implemented)`);
      return this.out(`${csrByNumber(num)?.name ?? args[1]} = ${hex8(e.readCsr(k, num)!)}`);
    }
    throw new CommandError('usage: set reg REG VAL | set freg FREG FLOAT | set mem ADDR VAL [SIZE] | set csr NAME VAL');
  }
}

function hexBytes(bytes: Uint8Array): string {
  let v = 0;
  for (let b = bytes.length - 1; b >= 0; b--) v = v * 256 + bytes[b]!;
  return '0x' + v.toString(16).padStart(bytes.length * 2, '0');
}

/** Columns of text: numbers right-aligned, everything else left-aligned. */
function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = head.map((_, i) => rows.length > 0 && rows.every((r) => /^-?[\d.]+$|^-$/.test(r[i]!)));
  const fmt = (r: string[]): string => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [fmt(head), ...rows.map(fmt)].join('\n');
}

function baseName(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}

void PC_REG;
