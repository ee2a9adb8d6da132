// `gpesim disasm`: print an ELF's code the way `riscv64-unknown-elf-objdump -d` does.
import arg from 'arg';
import { UsageError, type Command, type CommandIo } from '../command';
import { readInputFile } from '../output';
import { disassembleImage } from '../../../toolchain/disasm/image';
import { readElf } from '../../../toolchain/elf/reader';
import { ElfFormatError } from '../../../toolchain/elf/types';

const USAGE = `Usage: gpesim disasm <prog.elf> [options]

Disassembles every executable section of an ELF32 RISC-V executable, printing exactly what
riscv64-unknown-elf-objdump -d prints (aliases such as li, mv, ret by default).

Options:
  --no-aliases   print only real instructions (like objdump -M no-aliases)
`;

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = arg({ '--no-aliases': Boolean }, { argv: [...argv] });
  const files = args._;
  if (files.length !== 1) throw new UsageError(files.length === 0 ? 'missing the ELF file to disassemble' : `expected one file, got ${files.length}`);
  const file = files[0]!;
  const bytes = readInputFile(io, file);
  try {
    const image = readElf(bytes);
    const body = disassembleImage(image, { aliases: !args['--no-aliases'] });
    io.stdout(`\n${file}:     file format elf32-littleriscv\n\n${body}`);
    return 0;
  } catch (error) {
    if (error instanceof ElfFormatError) {
      const where = error.offset === undefined ? '' : ` (at file offset 0x${error.offset.toString(16)})`;
      io.stderr(`gpesim disasm: ${file}: ${error.message}${where}\n`);
      return 1;
    }
    throw error;
  }
}

export const disasmCommand: Command = {
  name: 'disasm',
  summary: 'disassemble an ELF like objdump -d',
  usage: USAGE,
  run,
};
