// Reading a command's input files and writing its output files: `-` means stdout, anything else is written whole or not at
// all (temp file + rename), so a failed or interrupted run never leaves a half-written file.
import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FileError, UsageError, type CommandIo } from './command';

export function writeOutputFile(io: CommandIo, file: string, data: string | Uint8Array, options: { executable?: boolean } = {}): void {
  if (file === '-') {
    if (typeof data !== 'string') throw new UsageError('binary output cannot go to stdout (-); give a file name');
    io.stdout(data);
    return;
  }
  const target = resolve(io.cwd, file);
  const temp = `${target}.tmp-${process.pid}`;
  try {
    writeFileSync(temp, data, { mode: options.executable ? 0o755 : 0o644 });
    renameSync(temp, target);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // the temp file was never created (e.g. ENOTDIR): nothing to remove
    }
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : fileErrorReason(error);
    throw new FileError(`cannot write ${file}: ${why}`);
  }
}

/**
 * Checks before a long run that `file` (an output written at its end) can be created: its folder
 * exists and it is not itself a directory. FileError otherwise; `-` and undefined pass.
 */
export function checkOutputPath(io: Pick<CommandIo, 'cwd'>, file: string | undefined): void {
  if (file === undefined || file === '-') return;
  const target = resolve(io.cwd, file);
  let folder;
  try {
    folder = statSync(dirname(target));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FileError(`cannot write ${file}: ${code === 'ENOENT' ? 'its folder does not exist' : fileErrorReason(error)}`);
  }
  if (!folder.isDirectory()) throw new FileError(`cannot write ${file}: a part of its path is not a directory`);
  if (statSync(target, { throwIfNoEntry: false })?.isDirectory() === true) throw new FileError(`cannot write ${file}: it is a directory`);
}

/** An output file written piece by piece: to a temp file, renamed into place by commit(). */
export interface OutputStream {
  write(text: string): void;
  /** Closes the file and moves it into place (FileError if that fails). */
  commit(): void;
  /** Closes and removes the temp file (nothing is left behind). */
  abort(): void;
}

/**
 * Opens `file` for streaming output (`-` = stdout), so a long trace never sits in memory. The
 * temp file is created at once: a path that cannot be written fails before any work is done.
 */
export function openOutputStream(io: CommandIo, file: string): OutputStream {
  if (file === '-') return { write: (text) => io.stdout(text), commit: () => {}, abort: () => {} };
  checkOutputPath(io, file);
  const target = resolve(io.cwd, file);
  const temp = `${target}.tmp-${process.pid}`;
  const fail = (error: unknown): never => {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : fileErrorReason(error);
    throw new FileError(`cannot write ${file}: ${why}`);
  };
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'w', 0o644);
  } catch (error) {
    fail(error);
  }
  const remove = (): void => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    rmSync(temp, { force: true });
  };
  return {
    write(text) {
      if (fd === undefined) return;
      try {
        writeSync(fd, text);
      } catch (error) {
        remove();
        fail(error);
      }
    },
    commit() {
      if (fd === undefined) return;
      try {
        closeSync(fd);
        fd = undefined;
        renameSync(temp, target);
      } catch (error) {
        remove();
        fail(error);
      }
    },
    abort: remove,
  };
}

/** A file system error in words, for "cannot read/write FILE: ..." messages. */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of its path is not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on device';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}

/** Reads an input file named on the command line (relative to io.cwd); FileError if it cannot. */
export function readInputFile(io: Pick<CommandIo, 'cwd'>, file: string, shown = file): Uint8Array {
  try {
    return new Uint8Array(readFileSync(resolve(io.cwd, file)));
  } catch (error) {
    throw new FileError(`cannot read ${shown}: ${fileErrorReason(error)}`);
  }
}

/**
 * Reads an assembly source named on the command line; FileError if it cannot be read or is not
 * text (an ELF or other binary file given where a .s belongs).
 */
export function readAssemblySource(io: Pick<CommandIo, 'cwd'>, file: string, shown = file): string {
  const bytes = readInputFile(io, file, shown);
  const elf = bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
  let text: string | undefined;
  try {
    if (!elf && !bytes.includes(0)) text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // not UTF-8: binary
  }
  if (text === undefined) {
    throw new FileError(`${shown} is ${elf ? 'an ELF file' : 'a binary file (not UTF-8 text)'}, not assembly source${elf ? ' (gpesim run and disasm take ELF files)' : ''}`);
  }
  return text;
}

/** Parses a count option: decimal or 0x hex, a safe integer >= min; UsageError otherwise. */
export function parseCount(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const v = /^(0x[0-9a-f]+|\d+)$/i.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(v) || v < min) throw new UsageError(`${name} expects an integer >= ${min}, got '${text}'`);
  return v;
}

/** The machine flags every command that runs a program takes (gpesim run, debug, gdbserver). */
export interface MachineFlags {
  readonly '--harts'?: string;
  readonly '--entry'?: string;
  readonly '--memory'?: string;
  readonly '--stack'?: string;
  readonly '--no-misaligned'?: boolean;
}

/** Those flags as run options (undefined where not given: the machine's defaults apply). */
export function machineOptions(flags: MachineFlags): {
  harts: number | undefined;
  entry: string | undefined;
  memorySize: number | undefined;
  stackSize: number | undefined;
  allowMisaligned: boolean;
} {
  return {
    harts: parseCount('--harts', flags['--harts'], 1),
    entry: flags['--entry'],
    memorySize: parseCount('--memory', flags['--memory'], 1),
    stackSize: parseCount('--stack', flags['--stack'], 16),
    allowMisaligned: !flags['--no-misaligned'],
  };
}
