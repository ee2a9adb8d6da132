// Throws random and malformed packets at gpesim gdbserver over loopback (bounded count and time):
// the server must answer or ignore each one, never crash, and still serve a well-formed session
// afterwards. Also checks the framing rules by hand (checksums, acks, escapes, no-ack mode).
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { main } from '../../emulator/cli/main';
import { DebugEngine } from '../../emulator/debug/engine';
import { checksum } from '../../emulator/debug/gdb-remote';
import { startGdbServer, type RunningServer } from '../../emulator/debug/gdb-server';
import { LineTable } from '../../emulator/debug/lines';
import { hasGnu, programImage, programSource } from './helpers';

function packet(body: string): string {
  return `$${body}#${checksum(body).toString(16).padStart(2, '0')}`;
}

/** A tiny client: sends raw text, collects everything the server sends back. */
class Client {
  text = '';
  closed = false;
  constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => (this.text += d.toString('latin1')));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => {});
  }
  send(raw: string): void {
    if (!this.closed) this.socket.write(Buffer.from(raw, 'latin1'));
  }
  /** Waits until the collected text matches `re` (or fails after `ms`). */
  async waitFor(re: RegExp, ms = 5000): Promise<RegExpMatchArray> {
    const start = Date.now();
    for (;;) {
      const m = this.text.match(re);
      if (m) return m;
      if (Date.now() - start > ms) throw new Error(`timed out waiting for ${re}; got ${JSON.stringify(this.text.slice(-300))}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  /** Sends a packet and returns the body of the next reply. */
  async ask(body: string): Promise<string> {
    this.text = '';
    this.send(packet(body));
    const m = await this.waitFor(/\$([^#]*)#([0-9a-f]{2})/);
    expect(checksum(m[1]!)).toBe(parseInt(m[2]!, 16));
    return m[1]!;
  }
}

async function open(port: number): Promise<Client> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return new Client(socket);
}

async function serve(): Promise<{ server: RunningServer; log: string[] }> {
  const image = programImage('sum');
  const engine = new DebugEngine({ image, options: { harts: 4 } });
  const log: string[] = [];
  const server = await startGdbServer({ engine, image, lines: new LineTable([]), port: 0, host: '127.0.0.1', log: (t) => log.push(t), cwd: __dirname });
  return { server, log };
}

/** xorshift32: reproducible random input. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

const VERBS = ['g', 'G', 'p', 'P', 'm', 'M', 'X', 'c', 's', 'H', 'T', 'Z', 'z', 'v', 'q', 'Q', '?', 'b', 'x', '!', 'qRcmd,', 'vCont;', 'qXfer:features:read:', 'qThreadExtraInfo,', 'Hg', 'Z2,', 'm1', 'P2'];
const ALPHABET = '0123456789abcdefABCDEF,:;=-$#}*xpsSc. \x03\x00\xff';

describe.skipIf(!hasGnu)('gdbserver robustness', () => {
  it('frames packets by the rules: ack, nak on a bad checksum, escapes, no-ack mode, unknown packets', async () => {
    const { server } = await serve();
    const c = await open(server.port);
    c.send('$qSupported#00'); // wrong checksum: '-' and no reply
    await c.waitFor(/^-$/);
    expect(await c.ask('qSupported:multiprocess+;swbreak+')).toMatch(/^PacketSize=[0-9a-f]+;qXfer:features:read\+;vContSupported\+;QStartNoAckMode\+;swbreak\+/);
    expect(c.text.startsWith('+')).toBe(true);
    expect(await c.ask('qTotallyUnknown')).toBe('');
    expect(await c.ask('?')).toBe('T05thread:1;');
    expect(await c.ask('qfThreadInfo')).toBe('m1,2,3,4');
    expect(await c.ask('qsThreadInfo')).toBe('l');
    expect(await c.ask('qThreadExtraInfo,4')).toBe(Buffer.from('tile 0 gpe 3').toString('hex'));
    // Thread ids are hart + 1 (4 harts: 1..4); 0 is any thread, which T and qThreadExtraInfo refuse.
    for (const bad of ['Hg5', 'Hgzz', 'Hx1', 'T0', 'T5', 'Tq', 'qThreadExtraInfo,0', 'qThreadExtraInfo,5']) expect(await c.ask(bad)).toBe('E01');
    expect(await c.ask('T4')).toBe('OK');
    expect(await c.ask('Hg3')).toBe('OK');
    expect(await c.ask('p a')).toBe('E01');
    expect(await c.ask('pa')).toBe('02000000'); // a0 of hart 2 = its hart id
    expect(await c.ask('p1000')).toBe('E45');
    expect(await c.ask('m0,4')).toBe('E14'); // null guard page
    // X with an escaped '#' (0x23 -> '}' 0x03) lands as the byte 0x23.
    expect(await c.ask('X11114,1:}\x03')).toBe('OK');
    expect(await c.ask('m11114,1')).toBe('23');
    const xml = await c.ask('qXfer:features:read:target.xml:0,80');
    expect(xml.startsWith('m<?xml')).toBe(true);
    expect(await c.ask('QStartNoAckMode')).toBe('OK');
    c.text = '';
    c.send(packet('qC'));
    await c.waitFor(/\$QC3#/);
    expect(c.text.startsWith('+')).toBe(false);
    c.send(packet('k'));
    await server.closed;
  });

  it('survives random and malformed packets, a disconnect mid-run, and still serves a session', async () => {
    const { server, log } = await serve();
    const random = rng(0x6d5e);
    const deadline = Date.now() + 4000;
    let sent = 0;
    for (let round = 0; round < 6 && Date.now() < deadline; round++) {
      const c = await open(server.port);
      for (let i = 0; i < 250 && Date.now() < deadline; i++) {
        let body = VERBS[Math.floor(random() * VERBS.length)]!;
        const n = Math.floor(random() * 24);
        for (let k = 0; k < n; k++) body += ALPHABET[Math.floor(random() * ALPHABET.length)]!;
        const r = random();
        if (body.startsWith('k') || body.startsWith('D') || body.startsWith('vKill')) body = 'x' + body; // keep the server up
        if (r < 0.6) c.send(packet(body));
        else if (r < 0.7) c.send(`$${body}#zz`);
        else if (r < 0.8) c.send(`$${body}`); // never terminated, until the next '$'
        else if (r < 0.9) c.send(String.fromCharCode(Math.floor(random() * 256)).repeat(1 + Math.floor(random() * 4)));
        else c.send(packet(body) + '\x03');
        sent++;
      }
      // A continue that is cut off by the client going away mid-run.
      c.send(packet('c'));
      c.socket.destroy();
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(sent).toBeGreaterThan(500);
    // Still alive: a fresh client gets answers, and the program can run to its end.
    const c = await open(server.port);
    expect(await c.ask('qSupported')).toMatch(/^PacketSize=/);
    expect(await c.ask('qAttached')).toBe('1');
    // The fuzzing may have left the harts anywhere (pc and memory were written at random): run,
    // interrupt with Ctrl-C, and expect a stop reply either way.
    c.text = '';
    c.send(packet('vCont;c'));
    await new Promise((r) => setTimeout(r, 100));
    c.send('\x03');
    await c.waitFor(/\$(T[0-9a-f]{2}|W[0-9a-f]{2})[^#]*#[0-9a-f]{2}/);
    c.send(packet('k'));
    await server.closed;
    expect(log.some((l) => /client disconnected/.test(l))).toBe(true);
  }, 20_000);
});

describe.skipIf(!hasGnu)('gpesim gdbserver command', () => {
  it('listens on an ephemeral loopback port, says where, and ends on k', async () => {
    let err = '';
    const done = main(['gdbserver', programSource('sum'), '--port', '0', '--harts', '2'], {
      stdout: () => {},
      stderr: (t: string) => (err += t),
      isTty: false,
      cwd: __dirname,
    });
    const start = Date.now();
    while (!/listening on/.test(err) && Date.now() - start < 10_000) await new Promise((r) => setTimeout(r, 10));
    const m = /listening on 127\.0\.0\.1:(\d+) \(assembled ELF for gdb: (\S+)\)/.exec(err);
    expect(m).not.toBeNull();
    const c = await open(Number(m![1]));
    expect(await c.ask('qfThreadInfo')).toBe('m1,2');
    c.send(packet('k'));
    expect(await done).toBe(0);
    expect(err).toMatch(/killed by the client/);
  });

  it('rejects bad arguments with a message', async () => {
    let err = '';
    const io = { stdout: () => {}, stderr: (t: string) => (err += t), isTty: false, cwd: __dirname };
    expect(await main(['gdbserver', programSource('sum'), '--port', '99999'], io)).toBe(2);
    expect(err).toMatch(/--port expects 0\.\.65535/);
    err = '';
    expect(await main(['debug', 'no-such-file.elf'], io)).toBe(1);
    expect(err).toBe('gpesim debug: cannot read no-such-file.elf: no such file\n');
    err = '';
    expect(await main(['debug', programSource('sum'), '--harts', '65'], io)).toBe(1);
    expect(err).toMatch(/--harts must be between 1 and 64/);
    err = '';
    expect(await main(['debug', __filename], io)).toBe(1);
    expect(err).toMatch(/fuzz\.test\.ts: /);
  });
});
