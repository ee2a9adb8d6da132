// The GDB Remote Serial Protocol over the debug engine (all-stop; each hart is a thread, thread
// id = hart index + 1). Transport-free: `receive(bytes)` takes what the client sent, `send`
// writes replies; gdb-server.ts puts it on TCP. Packets are parsed into a closed union and
// handled in one exhaustive switch; anything malformed gets an error reply, anything unknown an
// empty one, and no input can throw out of `receive`.
//
// Register numbers follow GDB's RISC-V target description: 0-31 x0-x31, 32 pc, 33-64 f0-f31,
// 65 + CSR number for CSRs (66 fflags, 67 frm, 68 fcsr in the FPU feature, the others in
// org.gnu.gdb.riscv.csr).

import { CSRS } from '../../toolchain/isa/csrs';
import { F_ABI_NAMES, X_ABI_NAMES } from '../../toolchain/isa/registers';
import { TRAP_CAUSE } from '../core/trap';
import { HART_EXITED, HART_FAULTED } from '../core/hart';
import { DebugEngine, PC_REG, type Goal, type Point, type StopReason, type WatchKind } from './engine';
import type { DebugSession } from './session';

const FIRST_F = 33;
const FIRST_CSR = 65;
const MAX_PACKET = 0x4000;
/** Instructions run between looks at the socket while the target runs (for Ctrl-C). */
const SLICE = 200_000;

const FPU_CSRS = ['fflags', 'frm', 'fcsr'];

export function targetXml(): string {
  const x = X_ABI_NAMES.map((name, i) => {
    const type = i === 1 ? 'code_ptr' : i === 2 || i === 3 || i === 4 || i === 8 ? 'data_ptr' : 'int';
    return `    <reg name="${name === 's0' ? 'fp' : name}" bitsize="32" type="${type}" regnum="${i}"/>`;
  });
  const f = F_ABI_NAMES.map((name, i) => `    <reg name="${name}" bitsize="32" type="ieee_single" regnum="${FIRST_F + i}"/>`);
  const fcsr = FPU_CSRS.map((name) => {
    const spec = CSRS.find((c) => c.name === name)!;
    return `    <reg name="${name}" bitsize="32" type="int" regnum="${FIRST_CSR + spec.number}"/>`;
  });
  const csrs = CSRS.filter((c) => c.implemented && !FPU_CSRS.includes(c.name)).map(
    (c) => `    <reg name="${c.name}" bitsize="32" type="int" regnum="${FIRST_CSR + c.number}" group="csr"/>`,
  );
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE target SYSTEM "gdb-target.dtd">',
    '<target version="1.0">',
    '  <architecture>riscv:rv32</architecture>',
    '  <feature name="org.gnu.gdb.riscv.cpu">',
    ...x,
    `    <reg name="pc" bitsize="32" type="code_ptr" regnum="${PC_REG}"/>`,
    '  </feature>',
    '  <feature name="org.gnu.gdb.riscv.fpu">',
    ...f,
    ...fcsr,
    '  </feature>',
    '  <feature name="org.gnu.gdb.riscv.csr">',
    ...csrs,
    '  </feature>',
    '</target>',
    '',
  ].join('\n');
}

const TARGET_XML = targetXml();

function checksum(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum = (sum + text.charCodeAt(i)) & 0xff;
  return sum;
}

function hex32le(v: number): string {
  let s = '';
  for (let b = 0; b < 4; b++) s += ((v >>> (8 * b)) & 0xff).toString(16).padStart(2, '0');
  return s;
}

function parseHex32le(text: string): number | undefined {
  if (!/^[0-9a-f]{8}$/i.test(text)) return undefined;
  let v = 0;
  for (let b = 3; b >= 0; b--) v = v * 256 + parseInt(text.slice(2 * b, 2 * b + 2), 16);
  return v >>> 0;
}

function parseHexNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^[0-9a-f]{1,8}$/i.test(text)) return undefined;
  return parseInt(text, 16) >>> 0;
}

function toHex(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}

function hexBytes(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Escapes a binary reply body (qXfer): `#`, `$`, `}` and `*` as `}` + (byte ^ 0x20). */
function escapeBinary(text: string): string {
  return text.replace(/[#$}*]/g, (c) => '}' + String.fromCharCode(c.charCodeAt(0) ^ 0x20));
}

/** Thread id in a packet: hex, `-1` all, `0` any; `p<pid>.<tid>` forms reduced to the tid. */
function parseThread(text: string): number | undefined {
  let t = text;
  const dot = t.indexOf('.');
  if (t.startsWith('p') && dot > 0) t = t.slice(dot + 1);
  if (t === '-1') return -1;
  if (!/^[0-9a-f]{1,8}$/i.test(t)) return undefined;
  return parseInt(t, 16);
}

export interface RemoteHost {
  /** Writes raw bytes to the client. */
  send(text: string): void;
  /** The client asked to end the session (k, D) or the program finished: close it. */
  end(reason: 'kill' | 'detach'): void;
  /** Status lines for the server's log (stderr). */
  log(text: string): void;
  /** Lets the event loop run (socket input) between slices of a long continue. */
  yieldToIo(): Promise<void>;
}

export class GdbRemote {
  private readonly engine: DebugEngine;
  private readonly host: RemoteHost;
  private readonly monitor: DebugSession | null;
  private monitorOutput: string[];
  private buffer: string;
  private noAck: boolean;
  /** Hg / Hc thread selection (hart index; -1 any). */
  private generalHart: number;
  private continueHart: number;
  private running: boolean;
  private interrupted: boolean;
  private closed: boolean;
  private pending: Promise<void>;
  private readonly points: Map<string, Point>;
  exited: boolean;
  packets: number;

  constructor(engine: DebugEngine, host: RemoteHost, monitor: DebugSession | null, monitorOutput: string[]) {
    this.engine = engine;
    this.host = host;
    this.monitor = monitor;
    this.monitorOutput = monitorOutput;
    this.buffer = '';
    this.noAck = false;
    this.generalHart = 0;
    this.continueHart = -1;
    this.running = false;
    this.interrupted = false;
    this.closed = false;
    this.pending = Promise.resolve();
    this.points = new Map();
    this.exited = false;
    this.packets = 0;
  }

  /** Program output while the target runs goes to gdb as `O` packets (gdb prints it). */
  programOutput(bytes: Uint8Array): boolean {
    if (!this.running || this.closed) return false;
    for (let at = 0; at < bytes.length; at += MAX_PACKET / 4) this.reply('O' + hexBytes(bytes.subarray(at, at + MAX_PACKET / 4)));
    return true;
  }

  /** The client went away: stop any run in progress at the next slice. */
  close(): void {
    this.closed = true;
    this.interrupted = true;
  }

  /** Feeds bytes from the client (latin1 string: one char per byte). */
  receive(data: string): void {
    for (let i = 0; i < data.length; i++) {
      const c = data[i]!;
      if (this.buffer.length === 0) {
        if (c === '\x03') {
          if (this.running) this.interrupted = true;
          continue;
        }
        if (c === '$') this.buffer = '$';
        // '+' / '-' acks and noise between packets are ignored (we never resend).
        continue;
      }
      this.buffer += c;
      if (this.buffer.length > MAX_PACKET * 2 + 8) {
        this.host.log('dropped an oversized packet');
        this.buffer = '';
        continue;
      }
      const hash = this.buffer.length - 3;
      if (hash > 0 && this.buffer[hash] === '#') {
        const body = this.buffer.slice(1, hash);
        const sum = this.buffer.slice(hash + 1);
        this.buffer = '';
        const ok = /^[0-9a-f]{2}$/i.test(sum) && parseInt(sum, 16) === checksum(body);
        if (!ok) {
          if (!this.noAck) this.host.send('-');
          this.host.log(`bad checksum on packet '${body.slice(0, 40)}'`);
          continue;
        }
        if (!this.noAck) this.host.send('+');
        // Packets are handled one at a time, in order, even while a continue is running.
        this.pending = this.pending.then(() => this.handle(unescape(body)));
      }
    }
  }

  /** Resolves when every packet received so far has been handled. */
  idle(): Promise<void> {
    return this.pending;
  }

  private reply(body: string): void {
    if (this.closed) return;
    this.host.send(`$${body}#${checksum(body).toString(16).padStart(2, '0')}`);
  }

  private async handle(packet: string): Promise<void> {
    this.packets++;
    try {
      const r = await this.dispatch(packet);
      if (r !== null) this.reply(r);
    } catch (error) {
      this.host.log(`error handling '${packet.slice(0, 40)}': ${(error as Error).message}`);
      this.reply('E01');
    }
  }

  /** Hart index of a packet's thread id (thread = hart + 1); -1 for any or all; undefined if bad. */
  private hartOf(text: string): number | undefined {
    const thread = parseThread(text);
    if (thread === undefined) return undefined;
    if (thread === 0 || thread === -1) return -1;
    const k = thread - 1;
    return k >= 0 && k < this.engine.harts.length ? k : undefined;
  }

  private current(): number {
    return this.generalHart >= 0 ? this.generalHart : this.engine.selected;
  }

  private async dispatch(p: string): Promise<string | null> {
    const e = this.engine;
    const first = p[0];
    switch (first) {
      case '?':
        return this.stopReply(e.last);
      case 'g': {
        const k = this.current();
        let s = '';
        for (let r = 0; r <= PC_REG; r++) s += hex32le(e.readX(k, r));
        return s;
      }
      case 'G': {
        const k = this.current();
        const body = p.slice(1);
        if (body.length < 8 * 33 || !/^[0-9a-f]*$/i.test(body)) return 'E01';
        for (let r = 1; r <= PC_REG; r++) {
          const v = parseHex32le(body.slice(8 * r, 8 * r + 8))!;
          if (e.readX(k, r) !== v) e.writeX(k, r, v);
        }
        return 'OK';
      }
      case 'p': {
        const n = parseHexNumber(p.slice(1));
        if (n === undefined) return 'E01';
        const v = this.readRegister(this.current(), n);
        return v === undefined ? 'E45' : hex32le(v);
      }
      case 'P': {
        const m = /^P([0-9a-f]+)=([0-9a-f]{8})$/i.exec(p);
        if (m === null) return 'E01';
        return this.writeRegister(this.current(), parseInt(m[1]!, 16), parseHex32le(m[2]!)!) ? 'OK' : 'E45';
      }
      case 'm': {
        const m = /^m([0-9a-f]+),([0-9a-f]+)$/i.exec(p);
        if (m === null) return 'E01';
        const addr = parseInt(m[1]!, 16);
        const len = Math.min(parseInt(m[2]!, 16), MAX_PACKET / 2);
        const bytes = addr <= 0xffffffff ? e.readMemory(addr, len) : undefined;
        return bytes === undefined ? 'E14' : hexBytes(bytes);
      }
      case 'M': {
        const m = /^M([0-9a-f]+),([0-9a-f]+):([0-9a-f]*)$/i.exec(p);
        if (m === null) return 'E01';
        const len = parseInt(m[2]!, 16);
        if (m[3]!.length !== len * 2) return 'E01';
        return e.writeMemory(parseInt(m[1]!, 16), Buffer.from(m[3]!, 'hex')) ? 'OK' : 'E14';
      }
      case 'X': {
        const colon = p.indexOf(':');
        const m = /^X([0-9a-f]+),([0-9a-f]+)$/i.exec(colon < 0 ? '' : p.slice(0, colon));
        if (m === null) return 'E01';
        const data = Buffer.from(p.slice(colon + 1), 'latin1');
        if (data.length !== parseInt(m[2]!, 16)) return 'E01';
        return e.writeMemory(parseInt(m[1]!, 16), data) ? 'OK' : 'E14';
      }
      case 'c':
      case 's': {
        if (p.length > 1) {
          const addr = parseHexNumber(p.slice(1));
          if (addr === undefined) return 'E01';
          e.writeX(this.continueTarget(), PC_REG, addr);
        }
        return this.run(first === 's' ? e.stepGoal(1, this.continueTarget()) : { kind: 'continue' });
      }
      case 'b':
        if (p === 'bs') return this.reverse(() => e.reverseStep(1, this.continueTarget()));
        if (p === 'bc') return this.reverse(() => e.reverseContinue());
        return '';
      case 'H': {
        const k = this.hartOf(p.slice(2));
        if (k === undefined || (p[1] !== 'g' && p[1] !== 'c')) return 'E01';
        if (p[1] === 'g') this.generalHart = k;
        else this.continueHart = k;
        return 'OK';
      }
      case 'T': {
        const k = this.hartOf(p.slice(1));
        if (k === undefined || k < 0) return 'E01';
        return e.harts[k]!.state === HART_EXITED ? 'E01' : 'OK';
      }
      case 'Z':
      case 'z':
        return this.breakpointPacket(p);
      case 'D':
        this.reply('OK');
        this.host.end('detach');
        return null;
      case 'k':
        this.host.end('kill');
        return null;
      case 'v':
        return this.vPacket(p);
      case 'q':
      case 'Q':
        return this.query(p);
      default:
        return '';
    }
  }

  private continueTarget(): number {
    if (this.continueHart >= 0) return this.continueHart;
    return this.current();
  }

  private readRegister(k: number, n: number): number | undefined {
    const e = this.engine;
    if (n <= PC_REG) return e.readX(k, n);
    if (n >= FIRST_F && n < FIRST_F + 32) return e.readF(k, n - FIRST_F);
    if (n >= FIRST_CSR && n < FIRST_CSR + 4096) return e.readCsr(k, n - FIRST_CSR);
    return undefined;
  }

  private writeRegister(k: number, n: number, v: number): boolean {
    const e = this.engine;
    if (n <= PC_REG) {
      e.writeX(k, n, v);
      return true;
    }
    if (n >= FIRST_F && n < FIRST_F + 32) {
      e.writeF(k, n - FIRST_F, v);
      return true;
    }
    if (n >= FIRST_CSR && n < FIRST_CSR + 4096) return e.writeCsr(k, n - FIRST_CSR, v);
    return false;
  }

  private breakpointPacket(p: string): string {
    const m = /^([Zz])([0-4]),([0-9a-f]+),([0-9a-f]+)/i.exec(p);
    if (m === null) return 'E01';
    const insert = m[1] === 'Z';
    const type = Number(m[2]);
    const addr = parseInt(m[3]!, 16) >>> 0;
    const kind = parseInt(m[4]!, 16);
    const key = `${type === 1 ? 0 : type},${addr},${type >= 2 ? kind : 0}`;
    const existing = this.points.get(key);
    if (!insert) {
      if (existing !== undefined) {
        this.engine.removePoint(existing);
        this.points.delete(key);
      }
      return 'OK';
    }
    if (existing !== undefined) return 'OK';
    if (type <= 1) {
      this.points.set(key, this.engine.addBreakpoint(addr, { internal: true, label: `gdb Z${type}` }));
    } else {
      const access: WatchKind = type === 2 ? 'write' : type === 3 ? 'read' : 'access';
      this.points.set(key, this.engine.addWatchpoint(addr, kind, access, { internal: true, label: `gdb Z${type}` }));
    }
    return 'OK';
  }

  private vPacket(p: string): Promise<string | null> | string | null {
    if (p === 'vCont?') return 'vCont;c;C;s;S';
    if (p.startsWith('vCont;')) {
      const actions = p.slice(6).split(';');
      let goal: Goal | null = null;
      let any: 'c' | 's' | null = null;
      for (const a of actions) {
        const [act, thread] = a.split(':');
        const verb = act![0];
        if (verb !== 'c' && verb !== 's' && verb !== 'C' && verb !== 'S') return 'E01';
        const step = verb === 's' || verb === 'S';
        if (thread === undefined) {
          any ??= step ? 's' : 'c';
          continue;
        }
        const k = this.hartOf(thread);
        if (k === undefined) return 'E01';
        // The first action naming a thread decides (all-stop: the others run as scheduled).
        if (goal === null) goal = step ? this.engine.stepGoal(1, k < 0 ? this.current() : k) : { kind: 'continue' };
      }
      if (goal === null) goal = any === 's' ? this.engine.stepGoal(1, this.current()) : { kind: 'continue' };
      return this.run(goal);
    }
    if (p.startsWith('vKill')) {
      this.reply('OK');
      this.host.end('kill');
      return null;
    }
    return '';
  }

  private async run(goal: Goal): Promise<string | null> {
    const e = this.engine;
    if (this.exited) return 'W00';
    this.running = true;
    this.interrupted = false;
    try {
      for (;;) {
        const stop = e.resume(goal, SLICE);
        if (stop !== null) return this.stopReply(stop);
        await this.host.yieldToIo();
        if (this.interrupted) {
          const k = e.hart().state === HART_FAULTED ? e.selected : e.selected;
          const s: StopReason = { kind: 'interrupted', hart: k };
          e.last = s;
          return this.closed ? null : this.stopReply(s);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private reverse(action: () => StopReason): string {
    return this.stopReply(action());
  }

  stopReply(stop: StopReason | null): string {
    const e = this.engine;
    const thread = (k: number): string => `thread:${(k + 1).toString(16)};`;
    if (stop === null) return `T05${thread(e.selected)}`;
    this.generalHart = stop.hart;
    switch (stop.kind) {
      case 'step':
      case 'cycles':
        return `T05${thread(stop.hart)}`;
      case 'breakpoint':
        return `T05swbreak:;${thread(stop.hart)}`;
      case 'watchpoint': {
        const name = stop.point.access === 'write' ? 'watch' : stop.point.access === 'read' ? 'rwatch' : 'awatch';
        // The address gdb asked to watch that the access overlapped.
        const addr = Math.max(stop.address, stop.point.address) >>> 0;
        return `T05${name}:${addr.toString(16)};${thread(stop.hart)}`;
      }
      case 'exited':
        this.exited = true;
        return `W${(stop.code & 0xff).toString(16).padStart(2, '0')}`;
      case 'fault': {
        const cause = e.hart(stop.hart).trap?.cause;
        this.host.log(stop.message);
        const signal = cause === TRAP_CAUSE.illegalInstruction ? 4 : cause === TRAP_CAUSE.breakpoint ? 5
          : cause === TRAP_CAUSE.loadMisaligned || cause === TRAP_CAUSE.storeMisaligned || cause === TRAP_CAUSE.fetchMisaligned ? 7 : 11;
        return `T${signal.toString(16).padStart(2, '0')}${thread(stop.hart)}`;
      }
      case 'history-start':
        return `T05replaylog:begin;${thread(stop.hart)}`;
      case 'interrupted':
        return `T02${thread(stop.hart)}`;
      default: {
        const never: never = stop;
        throw new Error(`unknown stop ${String(never)}`);
      }
    }
  }

  private query(p: string): string | null {
    const e = this.engine;
    if (p.startsWith('qSupported')) {
      return `PacketSize=${MAX_PACKET.toString(16)};qXfer:features:read+;vContSupported+;QStartNoAckMode+;swbreak+;ReverseStep+;ReverseContinue+`;
    }
    if (p === 'QStartNoAckMode') {
      this.reply('OK');
      this.noAck = true;
      return null; // replied before leaving ack mode
    }
    if (p.startsWith('qXfer:features:read:')) {
      const m = /^qXfer:features:read:([^:]+):([0-9a-f]+),([0-9a-f]+)$/i.exec(p);
      if (m === null) return 'E01';
      if (m[1] !== 'target.xml') return 'E00';
      const offset = parseInt(m[2]!, 16);
      const length = parseInt(m[3]!, 16);
      if (offset > TARGET_XML.length) return 'E01';
      const chunk = TARGET_XML.slice(offset, offset + length);
      return (offset + length >= TARGET_XML.length ? 'l' : 'm') + escapeBinary(chunk);
    }
    if (p === 'qfThreadInfo') {
      const ids = e.harts.map((h, k) => (h.state === HART_EXITED ? undefined : (k + 1).toString(16))).filter((x) => x !== undefined);
      return ids.length > 0 ? `m${ids.join(',')}` : 'l';
    }
    if (p === 'qsThreadInfo') return 'l';
    if (p === 'qC') return `QC${(this.current() + 1).toString(16)}`;
    if (p.startsWith('qAttached')) return '1';
    if (p.startsWith('qThreadExtraInfo,')) {
      const k = this.hartOf(p.slice('qThreadExtraInfo,'.length));
      if (k === undefined || k < 0) return 'E01';
      const h = e.harts[k]!;
      return toHex(`tile ${h.tile} gpe ${h.gpe}${h.state === HART_FAULTED ? ' (faulted)' : ''}`);
    }
    if (p.startsWith('qRcmd,')) return this.monitorCommand(p.slice(6));
    return '';
  }

  private monitorCommand(hexText: string): string {
    if (!/^([0-9a-f]{2})*$/i.test(hexText)) return 'E01';
    const command = Buffer.from(hexText, 'hex').toString('utf8').trim();
    const words = command.split(/\s+/);
    const out = (text: string): void => this.reply('O' + toHex(text.endsWith('\n') ? text : text + '\n'));
    const e = this.engine;
    switch (words[0]) {
      case '':
      case 'help':
        out(
          [
            'gpesim monitor commands:',
            '  monitor harts              every hart: pc, state, instructions, cycles (stalls when timed)',
            '  monitor cycles             the machine clock and each hart\'s cycles',
            '  monitor stats              instructions retired, and cache counters when timed',
            '  monitor cache [l1|l2] [N]  cache banks, or the lines of bank N (timed machine)',
            '  monitor mode SS|SP|PS|PP   switch cache modes now (writes mcachemode on the current hart)',
            '  monitor x/NF ADDR, regs, fregs, csr NAME, disasm [ADDR] [N], info ...: as in gpesim debug',
          ].join('\n'),
        );
        return 'OK';
      case 'cycles': {
        const lines = [`machine clock ${e.m.clock()} cycles`];
        e.harts.forEach((h, k) => lines.push(`hart ${h.hartId}: ${e.m.cycles(k)} cycles, ${h.instret} instructions`));
        out(lines.join('\n'));
        return 'OK';
      }
      case 'mode': {
        const m = /^(S|P)(S|P)$/i.exec(words[1] ?? '');
        if (m === null || e.m.timed === null) {
          out(e.m.timed === null ? 'cache modes need the timed machine (--timed)' : 'usage: monitor mode SS|SP|PS|PP');
          return 'OK';
        }
        const bits = (m[1]!.toUpperCase() === 'P' ? 1 : 0) | (m[2]!.toUpperCase() === 'P' ? 2 : 0);
        e.writeCsr(this.current(), 0x7c0, bits);
        out(`cache modes: L1 ${e.m.timed.memsys.l1Mode}, L2 ${e.m.timed.memsys.l2Mode}`);
        return 'OK';
      }
      default:
        break;
    }
    if (this.monitor === null) return '';
    const allowed = new Map([['harts', 'info harts'], ['stats', 'info harts'], ['cache', 'info cache']]);
    let line = command;
    if (allowed.has(words[0]!)) line = `${allowed.get(words[0]!)} ${words.slice(1).join(' ')}`.trim();
    const name = line.split(/[\s/]/)[0]!;
    if (!['info', 'x', 'regs', 'fregs', 'csr', 'disasm', 'list', 'help'].includes(name)) {
      out(`monitor ${words[0]}: not available here (use gdb's own commands to run or change the program)`);
      return 'OK';
    }
    e.selected = this.current();
    this.monitorOutput.length = 0;
    this.monitor.execute(line);
    if (words[0] === 'stats' && e.m.timed !== null) this.monitor.execute('info cache');
    out(this.monitorOutput.join(''));
    return 'OK';
  }
}

/** Undoes the `}` escape of binary packet bodies (X packets). */
function unescape(body: string): string {
  if (!body.includes('}')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '}' && i + 1 < body.length) out += String.fromCharCode(body.charCodeAt(++i) ^ 0x20);
    else out += c;
  }
  return out;
}

export { checksum };
