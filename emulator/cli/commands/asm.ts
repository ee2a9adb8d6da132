// `gpesim asm`: assemble GNU-as-compatible RISC-V sources into one ELF executable.
import { readFileSync } from 'node:fs';
import { readAssemblySource, writeOutputFile } from '../output';
import { dirname, resolve } from 'node:path';
import arg from 'arg';
import { UsageError, type Command, type CommandIo } from '../command';
import { assemble, type SourceFile } from '../../../toolchain/asm/index';
import { formatDiagnostic, hasErrors } from '../../../toolchain/diagnostics';

const USAGE = `Usage: gpesim asm -o OUT.elf a.s [b.s ...] [options]

Assembles and links RISC-V (RV32IMAF + Zicsr + Zifencei) sources written for GNU as into one
ELF32 executable laid out as GNU ld's default script lays it out (docs/ASSEMBLY.md).

Options:
  -o, --output FILE   the ELF file to write (written only when there are no errors)
  -g                  record source lines (.debug_line) for the debugger
  --entry SYMBOL      entry point symbol (default _start)
`;

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = arg({ '--output': String, '-o': '--output', '-g': Boolean, '--entry': String }, { argv: [...argv] });
  const out = args['--output'];
  if (!out) throw new UsageError('missing -o OUT.elf');
  if (args._.length === 0) throw new UsageError('missing source files');
  const files: SourceFile[] = [];
  for (const name of args._) {
    files.push({ path: name, text: readAssemblySource(io, name) });
  }
  const result = assemble(files, {
    readFile: (path, from) => {
      for (const candidate of [resolve(io.cwd, dirname(from), path), resolve(io.cwd, path)]) {
        try {
          return { path: candidate.startsWith(io.cwd + '/') ? candidate.slice(io.cwd.length + 1) : candidate, text: readFileSync(candidate, 'utf8') };
        } catch {
          // try the next candidate
        }
      }
      return undefined;
    },
    ...(args['--entry'] !== undefined ? { entry: args['--entry'] } : {}),
    ...(args['-g'] ? { debugLines: true } : {}),
  });
  for (const d of result.diagnostics) io.stderr(formatDiagnostic(d) + '\n');
  if (hasErrors(result.diagnostics) || !result.elf) return 1;
  writeOutputFile(io, out, result.elf, { executable: true });
  return 0;
}

export const asmCommand: Command = {
  name: 'asm',
  summary: 'assemble GNU-as RISC-V sources into an ELF executable',
  usage: USAGE,
  run,
};
