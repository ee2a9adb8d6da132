// `gpesim gdbserver` on TCP: one GdbRemote per connection over one debug engine (a client that
// disconnects leaves the machine where it was, and the next client carries on). Listens on
// 127.0.0.1 unless told otherwise: the client can read and write all of the machine's memory and
// registers, so the port is not offered to the network by default.

import { createServer, type Server, type Socket } from 'node:net';
import { DebugEngine } from './engine';
import { GdbRemote } from './gdb-remote';
import { DebugSession } from './session';
import type { LineTable } from './lines';
import type { ElfImage } from '../../toolchain/elf/types';

export interface GdbServerOptions {
  readonly engine: DebugEngine;
  readonly image: ElfImage;
  readonly lines: LineTable;
  readonly port: number;
  readonly host: string;
  readonly log: (text: string) => void;
  readonly cwd: string;
}

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  /** Resolves when the server has closed (k, D, or the program finished and the client left). */
  readonly closed: Promise<void>;
  close(): void;
}

export function startGdbServer(options: GdbServerOptions): Promise<RunningServer> {
  const { engine, log } = options;
  const monitorOutput: string[] = [];
  engine.watchBefore = true; // gdb steps over the access itself (RISC-V watchpoints are non-steppable)
  engine.outputHook = (_fd, bytes) => active !== null && active.remote.programOutput(bytes);
  const monitor = new DebugSession(engine, { image: options.image, lines: options.lines, write: (t) => monitorOutput.push(t), cwd: options.cwd });
  let active: { socket: Socket; remote: GdbRemote } | null = null;
  let finished = false;
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const server = createServer((socket) => {
    if (active !== null) {
      log(`refused a second client from ${socket.remoteAddress}:${socket.remotePort} (one at a time)`);
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const remote = new GdbRemote(
      engine,
      {
        send: (text) => {
          if (!socket.destroyed) socket.write(Buffer.from(text, 'latin1'));
        },
        end: (reason) => {
          log(reason === 'kill' ? 'killed by the client' : 'client detached');
          finished = true;
          socket.end();
        },
        log: (text) => log(text),
        yieldToIo: () => new Promise((r) => setImmediate(r)),
      },
      monitor,
      monitorOutput,
    );
    active = { socket, remote };
    log(`client connected from ${socket.remoteAddress}:${socket.remotePort}`);
    socket.on('data', (chunk: Buffer) => remote.receive(chunk.toString('latin1')));
    socket.on('error', (error) => log(`connection error: ${error.message}`));
    socket.on('close', () => {
      remote.close();
      active = null;
      if (finished || remote.exited) {
        server.close();
      } else {
        log('client disconnected; waiting for the next one');
      }
    });
  });
  server.on('close', () => resolveClosed());
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      server.on('error', (error) => log(`server error: ${error.message}`));
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : options.port;
      resolvePromise({
        server,
        port,
        closed,
        close: () => {
          active?.socket.destroy();
          server.close();
        },
      });
    });
  });
}
