// Builds the test programs of test/machine/programs with GNU as + ld (skipped with a visible
// reason when the tools are missing).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readElf } from '../../toolchain/elf/reader';
import type { ElfImage } from '../../toolchain/elf/types';
import { gnuAssembleAndLink, requireTools, tempDir } from '../elf/tools';

export const hasGnu = requireTools('riscv64-unknown-elf-as', 'riscv64-unknown-elf-ld');

const cache = new Map<string, ElfImage>();
const paths = new Map<string, string>();
let dir: string | undefined;

/** The ELF file of test program `name` (assembled once per process). */
export function programPath(name: string): string {
  let path = paths.get(name);
  if (path === undefined) {
    dir ??= tempDir('timed');
    const source = readFileSync(join(__dirname, 'programs', `${name}.s`), 'utf8');
    path = gnuAssembleAndLink(dir, name, source);
    paths.set(name, path);
  }
  return path;
}

export function program(name: string): ElfImage {
  let image = cache.get(name);
  if (image === undefined) {
    image = readElf(readFileSync(programPath(name)));
    cache.set(name, image);
  }
  return image;
}
