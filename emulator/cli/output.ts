// Writing a command's output files: `-` means stdout, anything else is written whole or not at
// all (temp file + rename), so a failed or interrupted run never leaves a half-written file.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError, type CommandIo } from './command';

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
    rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' ? 'permission denied' : code ?? (error as Error).message;
    throw new UsageError(`cannot write ${file}: ${why}`);
  }
}
