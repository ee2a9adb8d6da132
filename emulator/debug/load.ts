// What both debugger front ends share: the run options (the same flags as `gpesim run`, plus
// the timed machine's), loading a program (.s assembled with debug lines, or an ELF), and the
// engine built over it (openDebugTarget).

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { assemble as assembleSources } from '../../toolchain/asm/index';
import { formatDiagnostic, hasErrors } from '../../toolchain/diagnostics';
import { FileError, UsageError, type CommandIo } from '../cli/command';
import { machineOptions, parseCount, readAssemblySource, readInputFile } from '../cli/output';
import { readElf } from '../../toolchain/elf/reader';
import { ElfFormatError, type ElfImage } from '../../toolchain/elf/types';
import { ConfigError, DEFAULT_CONFIG, applySettings, loadConfigFile, parseModes, withModes, type MachineConfig } from '../machine/config';
import type { RunOptions } from '../machine/functional';
import { LoadError } from '../machine/loader';
import { DebugEngine } from './engine';
import { LineTable } from './lines';

/** `arg` spec of the run options both commands accept. */
export const RUN_FLAGS = {
  '--harts': String,
  '--entry': String,
  '--quantum': String,
  '--memory': String,
  '--stack': String,
  '--no-misaligned': Boolean,
  '--timed': Boolean,
  '--config': String,
  '--set': [String] as [StringConstructor],
  '--modes': String,
};

export const RUN_OPTIONS_HELP = `Run options (as gpesim run):
  --harts N             harts running the program (default 1; at most 64 = 4 tiles x 16 GPEs)
  --entry SYM           entry symbol or address (default _start)
  --quantum N           scheduler quantum (instructions, or cycles with --timed)
  --memory BYTES        physical memory size (default 1 GiB)
  --stack BYTES         stack per hart (default 1 MiB)
  --no-misaligned       fault on misaligned loads/stores
  --timed               run on the timed machine (caches, cycles, stalls; info cache)
  --config FILE         machine configuration (JSON, implies --timed)
  --set KEY=VALUE       one configuration setting, repeatable (implies --timed)
  --modes SS|SP|PS|PP   cache modes, L1 then L2 (implies --timed)
`;

export interface ParsedRunFlags {
  readonly '--harts'?: string;
  readonly '--entry'?: string;
  readonly '--quantum'?: string;
  readonly '--memory'?: string;
  readonly '--stack'?: string;
  readonly '--no-misaligned'?: boolean;
  readonly '--timed'?: boolean;
  readonly '--config'?: string;
  readonly '--set'?: string[];
  readonly '--modes'?: string;
}

export function runOptions(flags: ParsedRunFlags): { options: RunOptions; config: MachineConfig | undefined } {
  const options: RunOptions = { ...machineOptions(flags), quantum: parseCount('--quantum', flags['--quantum'], 1) };
  const timed = flags['--timed'] === true || flags['--config'] !== undefined || (flags['--set'] ?? []).length > 0 || flags['--modes'] !== undefined;
  if (!timed) return { options, config: undefined };
  try {
    let config = flags['--config'] !== undefined ? loadConfigFile(flags['--config']) : DEFAULT_CONFIG;
    config = applySettings(config, flags['--set'] ?? []);
    if (flags['--modes'] !== undefined) {
      const modes = parseModes(flags['--modes']);
      if (modes.length !== 1) throw new UsageError('--modes takes one mode (SS, SP, PS or PP) when debugging');
      config = withModes(config, modes[0]!);
    }
    return { options, config };
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
}

export interface LoadedProgram {
  readonly image: ElfImage;
  /** Path of the ELF file (for .s input, the one assembled into a temporary directory). */
  readonly elfPath: string;
  readonly lines: LineTable;
}

/**
 * Assembles a .s with gpesim's own assembler, recording source lines (as `gpesim asm -g`), and
 * writes the ELF to a temporary file (gdb reads the symbols and lines from it).
 */
function assemble(path: string, shown: string): string {
  const text = readAssemblySource({ cwd: '/' }, path, shown);
  const result = assembleSources([{ path, text }], {
    debugLines: true,
    readFile: (name, from) => {
      const candidate = resolve(dirname(from), name);
      try {
        return { path: candidate, text: readFileSync(candidate, 'utf8') };
      } catch {
        return undefined;
      }
    },
  });
  if (hasErrors(result.diagnostics) || result.elf === undefined) {
    throw new FileError(`cannot assemble ${path}:\n${result.diagnostics.map((d) => formatDiagnostic(d)).join('\n')}`);
  }
  const elf = join(mkdtempSync(join(tmpdir(), 'gpesim-debug-')), basename(path).replace(/\.[sS]$/, '') + '.elf');
  writeFileSync(elf, result.elf);
  return elf;
}

/** Loads `path` (absolute); messages name it `shown` (as the user typed it). */
export function loadProgram(path: string, shown = path): LoadedProgram {
  const elfPath = path.endsWith('.s') || path.endsWith('.S') ? assemble(path, shown) : path;
  const bytes = readInputFile({ cwd: '/' }, elfPath, shown);
  let image: ElfImage;
  try {
    image = readElf(bytes);
  } catch (error) {
    if (error instanceof ElfFormatError) throw new FileError(`${shown}: ${error.message}`);
    throw error;
  }
  return { image, elfPath, lines: LineTable.of(image) };
}

export interface DebugTarget {
  readonly program: LoadedProgram;
  readonly engine: DebugEngine;
  /** The timed machine's configuration; undefined for the functional machine. */
  readonly config: MachineConfig | undefined;
}

/**
 * What `gpesim debug` and `gpesim gdbserver` (`command`) do first with their parsed flags: take
 * the one program file, the run options, load the program and build the engine over it, program
 * output going to `io`. Bad arguments throw UsageError; a program the machine cannot load is
 * reported on stderr (`gpesim COMMAND: ...`) and gives undefined (exit status 1).
 */
export function openDebugTarget(command: string, args: ParsedRunFlags & { readonly _: readonly string[] }, io: CommandIo): DebugTarget | undefined {
  const files = args._;
  if (files.length !== 1) throw new UsageError(files.length === 0 ? 'missing program file' : `one program file expected, got ${files.length}`);
  const { options, config } = runOptions(args);
  const program = loadProgram(resolve(io.cwd, files[0]!), files[0]!);
  const decoders = { 1: new TextDecoder(), 2: new TextDecoder() };
  try {
    const engine = new DebugEngine({ image: program.image, options, config }, (fd, bytes) => {
      const text = decoders[fd].decode(bytes, { stream: true });
      if (fd === 1) io.stdout(text);
      else io.stderr(text);
    });
    return { program, engine, config };
  } catch (error) {
    if (error instanceof LoadError || error instanceof RangeError) {
      io.stderr(`gpesim ${command}: ${error.message}\n`);
      return undefined;
    }
    throw error;
  }
}
