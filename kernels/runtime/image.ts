// The kernel image: launch.s plus every kernel file, assembled once with our assembler
// (toolchain/asm) and cached per set of sources. A user's own variant (`gpesim verify --source
// my_conv.s --as conv2d`) replaces the files of one kernel: the image then holds launch.s, the
// user's file and every other kernel file except the one that holds that kernel.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble, type SourceFile } from '../../toolchain/asm/index';
import { formatDiagnostic, hasErrors } from '../../toolchain/diagnostics';
import { readElf } from '../../toolchain/elf/reader';
import type { ElfImage } from '../../toolchain/elf/types';
import { KERNEL_SOURCES, entrySymbol, type DescribedKernel } from '../reference/abi';

/** kernels/ (this file is kernels/runtime/image.ts, or dist/kernels/runtime/image.js). */
export function kernelsDirectory(): string {
  for (const dir of [join(__dirname, '..'), join(__dirname, '..', '..', '..', 'kernels')]) {
    try {
      readFileSync(join(dir, 'launch.s'));
      return dir;
    } catch {
      // next candidate
    }
  }
  throw new Error(`cannot find kernels/launch.s near ${__dirname}`);
}

/** Every kernel file, launch.s first, each once. */
export function allKernelFiles(): string[] {
  const files = new Set<string>(['launch.s']);
  for (const list of Object.values(KERNEL_SOURCES)) for (const f of list) files.add(f);
  return [...files];
}

export interface KernelImage {
  readonly image: ElfImage;
  /** Address of each defined global symbol. */
  readonly symbols: ReadonlyMap<string, number>;
  /** First byte after the image's highest segment. */
  readonly end: number;
  /** Address of the launch block (`gpesim_launch`). */
  readonly launchBlock: number;
  /** The source files assembled, for reports. */
  readonly files: readonly string[];
}

/** Assembly failed: the formatted diagnostics. */
export class KernelBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KernelBuildError';
  }
}

const cache = new Map<string, KernelImage>();

/** A user's replacement for one kernel: its source text and the kernel id it implements. */
export interface KernelOverride {
  readonly id: DescribedKernel;
  readonly path: string;
  readonly text: string;
}

/** Assembles (once per distinct source set) launch.s with all kernels, or with an override. */
export function kernelImage(override?: KernelOverride): KernelImage {
  const key = override === undefined ? '' : `${override.id}\0${override.path}\0${override.text}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const dir = kernelsDirectory();
  const read = (name: string): SourceFile => ({ path: `kernels/${name}`, text: readFileSync(join(dir, name), 'utf8') });
  let sources: SourceFile[];
  if (override === undefined) {
    sources = allKernelFiles().map(read);
  } else {
    // The kernel's own file (KERNEL_SOURCES[id][0]) is replaced by the user's; math.s stays
    // unless the user's file defines the math routines itself.
    const own = KERNEL_SOURCES[override.id][0]!;
    const userDefinesMath = /^\s*gpe_expf\s*:/m.test(override.text);
    sources = allKernelFiles()
      .filter((f) => f !== own && !(userDefinesMath && f === 'math.s'))
      .map(read);
    sources.push({ path: override.path, text: override.text });
  }
  const result = assemble(sources, {
    readFile: (path) => {
      try {
        return { path, text: readFileSync(join(dir, path), 'utf8') };
      } catch {
        return undefined;
      }
    },
  });
  if (hasErrors(result.diagnostics) || result.elf === undefined) {
    throw new KernelBuildError(result.diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
  }
  const image = readElf(result.elf);
  const symbols = new Map<string, number>();
  for (const s of image.symbols) if (s.section !== undefined && s.name !== '') symbols.set(s.name, s.value >>> 0);
  let end = 0;
  for (const seg of image.segments) end = Math.max(end, (seg.virtualAddress >>> 0) + seg.memorySize);
  const launchBlock = symbols.get('gpesim_launch');
  if (launchBlock === undefined) throw new KernelBuildError('the kernel image has no gpesim_launch symbol (kernels/launch.s)');
  if (override !== undefined && !symbols.has(entrySymbol(override.id))) {
    throw new KernelBuildError(`${override.path} does not define ${entrySymbol(override.id)} (the entry of '${override.id}')`);
  }
  const built: KernelImage = { image, symbols, end, launchBlock, files: sources.map((s) => s.path) };
  cache.set(key, built);
  return built;
}
