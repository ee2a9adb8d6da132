// `gpesim debug`: the interactive debugger (emulator/debug/session.ts) over a functional or timed
// machine. Commands come from --commands FILE, from stdin when it is not a terminal (each echoed
// after a prompt so transcripts read well), or from a readline prompt with history and completion.
import { createInterface } from 'node:readline';
import arg from 'arg';
import { type Command, type CommandIo } from '../command';
import { readInputFile } from '../output';
import { RUN_FLAGS, RUN_OPTIONS_HELP, openDebugTarget } from '../../debug/load';
import { DebugSession } from '../../debug/session';

const PROMPT = '(gpesim) ';

const USAGE = `Usage: gpesim debug <prog.s|prog.elf> [options]

Debugs a program on the same machine as gpesim run: select harts, step, breakpoints on
addresses, symbols or file.s:line (any hart or one), watchpoints, registers, memory, caches
(--timed), state changes, and reverse-step / reverse-continue. Type help for the commands.
Stepping never changes the interleave or timing: a program stepped to its end has the same
instruction counts (and with --timed the same cycles) as gpesim run.

Options:
  --commands FILE       read commands from FILE (one per line; # comments), echo each
                        (stdin that is not a terminal is read the same way); exit
                        status 1 if any command failed, else 0
${RUN_OPTIONS_HELP}`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const debugCommand: Command = {
  name: 'debug',
  summary: 'debug a program: harts, breakpoints, watchpoints, caches, reverse-step',
  usage: USAGE,
  async run(argv: readonly string[], io: CommandIo): Promise<number> {
    const args = arg({ ...RUN_FLAGS, '--commands': String }, { argv: [...argv] });
    // The script is read first: a missing one is reported before anything runs.
    const scriptFile = args['--commands'];
    const script = scriptFile !== undefined ? new TextDecoder().decode(readInputFile(io, scriptFile)) : undefined;
    const target = openDebugTarget('debug', args, io);
    if (target === undefined) return 1;
    const { program, engine, config } = target;
    const session = new DebugSession(engine, { image: program.image, lines: program.lines, write: (t) => io.stdout(t), cwd: io.cwd });
    const machine = config !== undefined ? `timed machine (L1 ${config.l1.mode}, L2 ${config.l2.mode})` : 'functional machine';
    io.stdout(`gpesim debug: ${args._[0]} on ${engine.harts.length} hart${engine.harts.length === 1 ? '' : 's'}, ${machine}; type help for commands\n`);
    session.execute('hart ' + engine.hart(0).hartId);

    if (script !== undefined || !process.stdin.isTTY) {
      const text = script ?? (await readStdin());
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        io.stdout(`${PROMPT}${line.trim()}\n`);
        session.execute(line);
        if (session.done) break;
      }
      return session.errors > 0 ? 1 : 0;
    }

    const words = session.completions();
    const rl = createInterface({
      input: process.stdin,
      output: process.stdout,
      prompt: PROMPT,
      historySize: 1000,
      completer: (line: string): [string[], string] => {
        const last = line.split(/\s+/).pop() ?? '';
        const hits = words.filter((w) => w.startsWith(last));
        return [hits, last];
      },
    });
    rl.prompt();
    let previous = '';
    for await (const raw of rl) {
      const line = raw.trim() === '' ? previous : raw; // empty line repeats, as in gdb
      previous = line;
      session.execute(line);
      if (session.done) break;
      rl.prompt();
    }
    rl.close();
    return 0;
  },
};
