// `gpesim gdbserver`: serve a program to gdb over the remote serial protocol (emulator/debug).
import { resolve } from 'node:path';
import arg from 'arg';
import { UsageError, type Command, type CommandIo } from '../command';
import { startGdbServer } from '../../debug/gdb-server';
import { RUN_FLAGS, RUN_OPTIONS_HELP, openDebugTarget } from '../../debug/load';

const USAGE = `Usage: gpesim gdbserver <prog.s|prog.elf> [--port N] [--host H] [options]

Serves the program to gdb (GDB remote serial protocol over TCP). Every GPE is a thread
(thread id = hart id + 1). Connect with:
  gdb-multiarch -ex 'set architecture riscv:rv32' -ex 'file prog.elf' -ex 'target remote :PORT'
Listens on 127.0.0.1 only unless --host says otherwise: a client can read and write all of
the machine's memory and registers. Prints "listening on HOST:PORT" on stderr (port 0 picks
a free port). Ends when the client kills or detaches, or leaves after the program exited.

Options:
  --port N              TCP port (default 1234; 0 = any free port)
  --host H              address to listen on (default 127.0.0.1)
${RUN_OPTIONS_HELP}`;

export const gdbserverCommand: Command = {
  name: 'gdbserver',
  summary: 'serve a program to gdb (remote protocol; one thread per GPE)',
  usage: USAGE,
  async run(argv: readonly string[], io: CommandIo): Promise<number> {
    const args = arg({ ...RUN_FLAGS, '--port': String, '--host': String }, { argv: [...argv] });
    const port = args['--port'] === undefined ? 1234 : /^\d{1,5}$/.test(args['--port']) ? Number(args['--port']) : NaN;
    if (!(port >= 0 && port <= 65535)) throw new UsageError(`--port expects 0..65535, got '${args['--port']}'`);
    const host = args['--host'] ?? '127.0.0.1';
    const target = openDebugTarget('gdbserver', args, io);
    if (target === undefined) return 1;
    const { program, engine } = target;
    const log = (text: string): void => io.stderr(`gpesim gdbserver: ${text}\n`);
    let server;
    try {
      server = await startGdbServer({ engine, image: program.image, lines: program.lines, port, host, log, cwd: io.cwd });
    } catch (error) {
      io.stderr(`gpesim gdbserver: cannot listen on ${host}:${port}: ${(error as Error).message}\n`);
      return 1;
    }
    log(`listening on ${host}:${server.port}${program.elfPath !== resolve(io.cwd, args._[0]!) ? ` (assembled ELF for gdb: ${program.elfPath})` : ''}`);
    await server.closed;
    return 0;
  },
};
