// `gpesim run`: load an ELF (or assemble a .s) and run it on N harts: on the timed machine by
// default (../timed-run.ts), or in functional mode with --functional.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import arg from 'arg';
import { UsageError, type Command, type CommandIo } from '../command';
import { checkOutputPath, machineOptions, openOutputStream, parseCount, readAssemblySource, readInputFile, writeOutputFile } from '../output';
import { ElfFormatError } from '../../../toolchain/elf/types';
import { readElf } from '../../../toolchain/elf/reader';
import { assemble } from '../../../toolchain/asm/index';
import { formatDiagnostic, hasErrors } from '../../../toolchain/diagnostics';
import { disassembleWord } from '../../../toolchain/disasm/index';
import { LoadError } from '../../machine/loader';
import { TIMING_CLASS_NAMES } from '../../core/ops';
import { DEFAULT_QUANTUM, runProgram, type RunResult } from '../../machine/functional';
import { TIMED_RUN_FLAGS, TIMED_RUN_USAGE, runTimedCli } from '../timed-run';

const USAGE = `Usage: gpesim run <prog.s|prog.elf> [options]

Runs a RISC-V RV32IMAF program on the timed machine (caches, cycles, energy; the default) or,
with --functional, in functional mode (no timing, fastest). Every hart starts at the entry symbol
with its own stack; write (64) goes to stdout/stderr, exit (93/94) ends a hart; the run ends when
every hart has exited. Exit status: hart 0's exit code, or 128+signal for a fault (132 illegal
instruction, 133 ebreak, 135 misaligned, 139 access fault, 159 unknown syscall), or 124 when
--max-instructions or --max-cycles stopped the run; 1 for a file that cannot be read, assembled,
loaded or written, 2 for a bad command line.

Options:
  --harts N             harts to run (default 1; at most 64 = 4 tiles x 16 GPEs)
  --entry SYM           entry symbol or address (default _start, else the ELF entry point)
  --max-instructions N  stop after N instructions in total
  --json FILE           write the result as JSON (- = stdout; program output still goes through)
  --memory BYTES        physical memory size (default 1 GiB; multiple of 64 KiB)
  --stack BYTES         stack per hart (default 1 MiB)
  --no-misaligned       fault on misaligned loads/stores instead of performing them
  --engine jit|interp   jit (default): hot basic blocks translated to JavaScript (timed: with the
                        timing pasted in); interp: the interpreter only. Results are identical;
                        --trace, --stats (functional) and --timeline interpret.

Functional mode (--functional):
  --functional          run without the timing model (the result is the same; only speed differs)
  --quantum N           instructions per hart per turn of the round-robin (default ${DEFAULT_QUANTUM}; 1 = lockstep)
  --trace FILE          write one line per retired instruction (Spike commit-log style; - = stdout)
  --stats               print instructions per hart by timing class and host MIPS (on stderr)

${TIMED_RUN_USAGE}`;

function parseEngine(text: string | undefined): 'jit' | 'interp' {
  if (text === undefined || text === 'jit' || text === 'interp') return text ?? 'jit';
  throw new UsageError(`--engine expects jit or interp, got '${text}'`);
}

/** Assembles a .s file (and what it includes) with gpesim's assembler; diagnostics to stderr. */
function assembleSource(name: string, io: CommandIo): Uint8Array | undefined {
  const text = readAssemblySource(io, name);
  const result = assemble([{ path: name, text }], {
    readFile: (path, from) => {
      for (const candidate of [resolve(io.cwd, dirname(from), path), resolve(io.cwd, path)]) {
        try {
          return { path: candidate, text: readFileSync(candidate, 'utf8') };
        } catch {
          // try the next candidate
        }
      }
      return undefined;
    },
  });
  for (const d of result.diagnostics) io.stderr(formatDiagnostic(d) + '\n');
  if (hasErrors(result.diagnostics) || !result.elf) return undefined;
  return result.elf;
}

function formatStats(result: RunResult): string {
  const classes = new Set<string>();
  for (const h of result.harts) for (const c of Object.keys(h.byClass ?? {})) classes.add(c);
  const cols = TIMING_CLASS_NAMES.filter((c) => classes.has(c));
  const head = ['hart', 'instructions', ...cols];
  const rows = result.harts.map((h) => [String(h.hart), String(h.instructions), ...cols.map((c) => String(h.byClass?.[c] ?? 0))]);
  if (result.harts.length > 1) {
    rows.push(['all', String(result.instructions), ...cols.map((c) => String(result.harts.reduce((s, h) => s + (h.byClass?.[c] ?? 0), 0)))]);
  }
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const fmt = (r: string[]) => r.map((v, k) => v.padStart(widths[k]!)).join('  ');
  return [
    fmt(head),
    ...rows.map(fmt),
    `${result.instructions} instructions in ${result.hostSeconds.toFixed(3)} s host time: ${result.mips.toFixed(1)} MIPS`,
  ].join('\n') + '\n';
}

export const runCommand: Command = {
  name: 'run',
  summary: 'run a program (.s or ELF) on N harts: timed machine (default) or --functional',
  usage: USAGE,
  async run(argv: readonly string[], io: CommandIo): Promise<number> {
    const args = arg(
      {
        '--harts': String,
        '--entry': String,
        '--max-instructions': String,
        '--quantum': String,
        '--engine': String,
        '--trace': String,
        '--stats': Boolean,
        '--json': String,
        '--memory': String,
        '--stack': String,
        '--no-misaligned': Boolean,
        '--timed': Boolean,
        ...TIMED_RUN_FLAGS,
      },
      { argv: [...argv] },
    );
    const files = args._;
    if (files.length !== 1) throw new UsageError(files.length === 0 ? 'missing program file' : `one program file expected, got ${files.length}`);
    const path = resolve(io.cwd, files[0]!);
    let bytes: Uint8Array;
    if (path.endsWith('.s') || path.endsWith('.S')) {
      // --entry is resolved by the loader (any symbol, local too, or an address), not the linker.
      const elf = assembleSource(files[0]!, io);
      if (elf === undefined) return 1;
      bytes = elf;
    } else {
      bytes = readInputFile(io, files[0]!);
    }
    let image;
    try {
      image = readElf(bytes);
    } catch (error) {
      if (error instanceof ElfFormatError) {
        io.stderr(`gpesim run: ${files[0]}: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
    const disassemble = (word: number, pc: number): string =>
      disassembleWord(word, pc, { aliases: true, customCsrNames: true }).replace(/\t/g, ' ');
    const timingFlags = ['--modes', '--l1', '--l2', '--config', '--set', '--csv', '--flops', '--max-cycles', '--timed-quantum', '--timeline'] as const;
    const timed = !args['--functional'];
    if (args['--timed'] && args['--functional']) throw new UsageError('--timed and --functional exclude each other');
    if (!timed) {
      const given = timingFlags.filter((f) => args[f] !== undefined);
      if (given.length > 0) throw new UsageError(`${given.join(', ')} ${given.length > 1 ? 'need' : 'needs'} the timed machine (drop --functional)`);
    }
    if (timed) {
      for (const f of ['--trace', '--quantum'] as const) {
        if (args[f] !== undefined) throw new UsageError(`${f} works in functional mode only (add --functional)`);
      }
      // Output paths are checked now, not after a long run.
      for (const f of [args['--json'], args['--csv'], args['--timeline']]) checkOutputPath(io, f);
      const parseNumber = (name: string, text: string | undefined): number | undefined => {
        if (text === undefined) return undefined;
        const v = Number(text);
        if (!Number.isFinite(v) || v < 0) throw new UsageError(`${name} expects a non-negative number, got '${text}'`);
        return v;
      };
      const out = new TextDecoder();
      const err = new TextDecoder();
      let code: number;
      try {
        code = runTimedCli(
        image,
        {
          program: files[0]!,
          ...machineOptions(args),
          maxInstructions: parseCount('--max-instructions', args['--max-instructions'], 0),
          disassemble,
          stdout: (b) => io.stdout(out.decode(b, { stream: true })),
          stderr: (b) => io.stderr(err.decode(b, { stream: true })),
          configFile: args['--config'],
          set: args['--set'],
          modes: args['--modes'],
          l1: args['--l1'],
          l2: args['--l2'],
          timedQuantum: parseCount('--timed-quantum', args['--timed-quantum'], 0),
          engine: parseEngine(args['--engine']),
          stats: args['--stats'] === true,
          jsonFile: args['--json'],
          csvFile: args['--csv'],
          flops: parseNumber('--flops', args['--flops']),
          maxCycles: parseCount('--max-cycles', args['--max-cycles'], 0),
          timelineFile: args['--timeline'],
        },
        io,
      );
      } catch (error) {
        if (error instanceof LoadError || error instanceof RangeError) {
          io.stderr(`gpesim run: ${error.message}\n`);
          return 1;
        }
        throw error;
      }
      return code;
    }
    checkOutputPath(io, args['--json']);
    const traceFile = args['--trace'];
    const decoders = { out: new TextDecoder(), err: new TextDecoder() };
    const options = {
      ...machineOptions(args),
      maxInstructions: parseCount('--max-instructions', args['--max-instructions'], 0),
      quantum: parseCount('--quantum', args['--quantum'], 1),
      engine: parseEngine(args['--engine']),
      stats: args['--stats'] === true,
      stdout: (b: Uint8Array) => io.stdout(decoders.out.decode(b, { stream: true })),
      stderr: (b: Uint8Array) => io.stderr(decoders.err.decode(b, { stream: true })),
      disassemble,
    };
    // The trace streams to its file (a long run's trace would not fit in memory); opened before
    // the run so an unwritable path fails at once.
    const trace = traceFile === undefined ? undefined : openOutputStream(io, traceFile);
    let result: RunResult;
    try {
      result = runProgram(image, { ...options, trace: trace === undefined ? undefined : (t) => trace.write(t) });
    } catch (error) {
      trace?.abort();
      if (error instanceof LoadError || error instanceof RangeError) {
        io.stderr(`gpesim run: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
    const tailOut = decoders.out.decode();
    if (tailOut) io.stdout(tailOut);
    const tailErr = decoders.err.decode();
    if (tailErr) io.stderr(tailErr);
    trace?.commit();
    for (const f of result.faults) io.stderr(`gpesim run: ${f.message}\n`);
    if (result.stopped) io.stderr(`gpesim run: ${result.stopped.message}\n`);
    if (args['--stats']) io.stderr(formatStats(result));
    const jsonFile = args['--json'];
    if (jsonFile !== undefined) {
      const text =
        JSON.stringify(
          {
            exitCode: result.exitCode,
            instructions: result.instructions,
            hostSeconds: result.hostSeconds,
            mips: result.mips,
            stopped: result.stopped ?? null,
            faults: result.faults,
            harts: result.harts,
          },
          null,
          2,
        ) + '\n';
      writeOutputFile(io, jsonFile, text);
    }
    return result.exitCode;
  },
};
