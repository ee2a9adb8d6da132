// `gpesim run`: load an ELF (or assemble a .s) and run it on N harts in functional mode.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import arg from 'arg';
import { UsageError, type Command, type CommandIo } from '../command';
import { ElfFormatError } from '../../../toolchain/elf/types';
import { readElf } from '../../../toolchain/elf/reader';
import { LoadError } from '../../machine/loader';
import { DEFAULT_QUANTUM, runProgram, type RunResult } from '../../machine/functional';

const USAGE = `Usage: gpesim run <prog.s|prog.elf> [options]

Runs a RISC-V RV32IMAF program in functional mode: every hart starts at the entry symbol with
its own stack; write (64) goes to stdout/stderr, exit (93/94) ends a hart; the run ends when
every hart has exited. Exit status: hart 0's exit code, or 128+signal for a fault (132 illegal
instruction, 133 ebreak, 135 misaligned, 139 access fault, 159 unknown syscall), or 124 when
--max-instructions stopped the run.

Options:
  --harts N             harts to run (default 1; at most 64 = 4 tiles x 16 GPEs)
  --entry SYM           entry symbol or address (default _start, else the ELF entry point)
  --max-instructions N  stop after N instructions in total
  --quantum N           instructions per hart per turn of the round-robin (default ${DEFAULT_QUANTUM}; 1 = lockstep)
  --trace FILE          write one line per retired instruction (Spike commit-log style; - = stdout)
  --stats               print instructions per hart by timing class and host MIPS (on stderr)
  --json                print the result as JSON on stdout (program output still goes through)
  --memory BYTES        physical memory size (default 1 GiB; multiple of 64 KiB)
  --stack BYTES         stack per hart (default 1 MiB)
  --no-misaligned       fault on misaligned loads/stores instead of performing them
`;

function parseCount(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const v = /^(0x[0-9a-f]+|\d+)$/i.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(v) || v < min) throw new UsageError(`${name} expects an integer >= ${min}, got '${text}'`);
  return v;
}

/** GNU as + ld, for .s files until gpesim's own assembler is wired in. */
function assembleWithGnu(path: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'gpesim-run-'));
  try {
    const obj = join(dir, 'prog.o');
    const elf = join(dir, 'prog.elf');
    try {
      execFileSync('riscv64-unknown-elf-as', ['-march=rv32imaf_zicsr_zifencei', '-mabi=ilp32f', '-mno-relax', '-o', obj, path], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      execFileSync('riscv64-unknown-elf-ld', ['-m', 'elf32lriscv', '--no-relax', '-o', elf, obj], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      const e = error as { code?: string; stderr?: Buffer };
      if (e.code === 'ENOENT') throw new UsageError('assembling a .s file needs riscv64-unknown-elf-as/ld on PATH');
      throw new UsageError(`cannot assemble ${path}:\n${e.stderr?.toString() ?? String(error)}`);
    }
    return new Uint8Array(readFileSync(elf));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function formatStats(result: RunResult): string {
  const classes = new Set<string>();
  for (const h of result.harts) for (const c of Object.keys(h.byClass ?? {})) classes.add(c);
  const cols = [...classes];
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
  summary: 'run a program (.s or ELF) on N harts in functional mode',
  usage: USAGE,
  async run(argv: readonly string[], io: CommandIo): Promise<number> {
    const args = arg(
      {
        '--harts': String,
        '--entry': String,
        '--max-instructions': String,
        '--quantum': String,
        '--trace': String,
        '--stats': Boolean,
        '--json': Boolean,
        '--memory': String,
        '--stack': String,
        '--no-misaligned': Boolean,
      },
      { argv: [...argv] },
    );
    const files = args._;
    if (files.length !== 1) throw new UsageError(files.length === 0 ? 'missing program file' : `one program file expected, got ${files.length}`);
    const path = resolve(io.cwd, files[0]!);
    let bytes: Uint8Array;
    if (path.endsWith('.s') || path.endsWith('.S')) {
      bytes = assembleWithGnu(path);
    } else {
      try {
        bytes = new Uint8Array(readFileSync(path));
      } catch (error) {
        throw new UsageError(`cannot read ${files[0]}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
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
    const traceChunks: string[] = [];
    const traceFile = args['--trace'];
    const decoders = { out: new TextDecoder(), err: new TextDecoder() };
    let result: RunResult;
    try {
      result = runProgram(image, {
        harts: parseCount('--harts', args['--harts'], 1),
        entry: args['--entry'],
        maxInstructions: parseCount('--max-instructions', args['--max-instructions'], 0),
        quantum: parseCount('--quantum', args['--quantum'], 1),
        memorySize: parseCount('--memory', args['--memory'], 1),
        stackSize: parseCount('--stack', args['--stack'], 16),
        allowMisaligned: !args['--no-misaligned'],
        stats: args['--stats'] === true,
        stdout: (b) => io.stdout(decoders.out.decode(b, { stream: true })),
        stderr: (b) => io.stderr(decoders.err.decode(b, { stream: true })),
        trace: traceFile === undefined ? undefined : traceFile === '-' ? (t) => io.stdout(t) : (t) => traceChunks.push(t),
      });
    } catch (error) {
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
    if (traceFile !== undefined && traceFile !== '-') writeFileSync(resolve(io.cwd, traceFile), traceChunks.join(''));
    for (const f of result.faults) io.stderr(`gpesim run: ${f.message}\n`);
    if (result.stopped) io.stderr(`gpesim run: ${result.stopped.message}\n`);
    if (args['--stats']) io.stderr(formatStats(result));
    if (args['--json']) {
      io.stdout(
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
        ) + '\n',
      );
    }
    return result.exitCode;
  },
};
