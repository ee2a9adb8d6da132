// The kernel image: launch.s plus every kernel file, assembled once with our assembler
// (toolchain/asm) and cached per set of sources. A user's own variant (`gpesim verify --source
// my_conv.s --as conv2d`) replaces the files of one kernel: the image then holds launch.s, the
// user's file and every other kernel file except the one that holds that kernel.
//
// Prebuilt image: `npm run build` also writes the assembled ELF next to the compiled module
// (dist/kernels/runtime/kernel-image.elf, with a digest of the sources, of this module and of the
// toolchain that assembled them, and the ELF's own hash), so a command skips assembling in a fresh
// process (about 0.1-0.15 s of cold code). It is used only when all of that still matches;
// otherwise the sources are assembled, as they always are when running from the TypeScript
// sources (tests).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble, type SourceFile } from '../../toolchain/asm/index';
import { formatDiagnostic, hasErrors } from '../../toolchain/diagnostics';
import { readElf } from '../../toolchain/elf/reader';
import type { ElfImage } from '../../toolchain/elf/types';
import { KERNEL_SOURCES, entrySymbol, type DescribedKernel } from '../reference/abi';

let kernelsDir: string | undefined;

/** kernels/ (this file is kernels/runtime/image.ts, or dist/kernels/runtime/image.js). */
export function kernelsDirectory(): string {
  if (kernelsDir !== undefined) return kernelsDir;
  for (const dir of [join(__dirname, '..'), join(__dirname, '..', '..', '..', 'kernels')]) {
    try {
      readFileSync(join(dir, 'launch.s'));
      kernelsDir = dir;
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
  /** Loaded from the build's prebuilt image (readPrebuiltImage) rather than assembled here. */
  readonly prebuilt: boolean;
}

/** Assembly failed: the formatted diagnostics. */
export class KernelBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KernelBuildError';
  }
}

const cache = new Map<string, KernelImage>();

/** The prebuilt image's file names, in the directory of this module. */
export const PREBUILT_ELF = 'kernel-image.elf';
export const PREBUILT_DIGEST = 'kernel-image.sha256';

/**
 * A digest of what the assembled bytes depend on: the kernel sources (paths and texts, in
 * order), every other `.s` file of kernels/ (what an `.include` can read), this module (the
 * options it passes the assembler) and every file of the toolchain next to kernels/ (compiled or
 * not). An image made from the same digest is the same bytes.
 */
export function imageDigest(sources: readonly SourceFile[]): string {
  const hash = createHash('sha256');
  for (const s of sources) hash.update(`${s.path}\0${s.text}\0`);
  const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const file = (label: string, path: string): void => {
    hash.update(`${label}\0`).update(readFileSync(path)).update('\0');
  };
  const kernels = kernelsDirectory();
  for (const entry of readdirSync(kernels, { withFileTypes: true }).sort(byName)) {
    if (entry.isFile() && entry.name.endsWith('.s')) file(`kernels/${entry.name}`, join(kernels, entry.name));
  }
  file('image', __filename);
  const toolchain = join(__dirname, '..', '..', 'toolchain');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort(byName)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(js|ts)$/.test(entry.name)) file(path.slice(toolchain.length), path);
    }
  };
  walk(toolchain);
  return hash.digest('hex');
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The ELF bytes prebuilt in `dir` for exactly these sources and toolchain, or null. The digest
 * file holds imageDigest and the ELF's own SHA-256: an ELF that is not the one written with that
 * digest (damaged, or from another build) is not used either.
 */
export function readPrebuiltImage(dir: string, sources: readonly SourceFile[]): Uint8Array | null {
  try {
    const [digest, elfHash] = readFileSync(join(dir, PREBUILT_DIGEST), 'utf8').trim().split(/\s+/);
    if (digest !== imageDigest(sources)) return null;
    const elf = new Uint8Array(readFileSync(join(dir, PREBUILT_ELF)));
    return sha256(elf) === elfHash ? elf : null;
  } catch {
    return null;
  }
}

/**
 * Assembles the default image and writes it with its digest into `dir` (the build does this
 * for dist/kernels/runtime). Each file is written under a temporary name and renamed, so a
 * reader never sees half a file; the digest goes last, so a partial build leaves none that
 * matches. Throws KernelBuildError when the kernels do not assemble.
 */
export function writePrebuiltImage(dir: string): void {
  const sources = defaultSources();
  const digest = imageDigest(sources);
  const elf = assembleSources(sources);
  const put = (name: string, data: string | Uint8Array): void => {
    const temporary = join(dir, `.${name}.${process.pid}`);
    try {
      writeFileSync(temporary, data);
      renameSync(temporary, join(dir, name));
    } finally {
      rmSync(temporary, { force: true });
    }
  };
  put(PREBUILT_ELF, elf);
  put(PREBUILT_DIGEST, `${digest} ${sha256(elf)}\n`);
}

/** kernels/NAME as a source file. */
function kernelSource(name: string): SourceFile {
  return { path: `kernels/${name}`, text: readFileSync(join(kernelsDirectory(), name), 'utf8') };
}

function defaultSources(): SourceFile[] {
  return allKernelFiles().map(kernelSource);
}

/** Our assembler on `sources` (`.include`s read from kernels/): the ELF bytes. */
function assembleSources(sources: readonly SourceFile[]): Uint8Array {
  const dir = kernelsDirectory();
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
  return result.elf;
}

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
  let sources: SourceFile[];
  if (override === undefined) {
    sources = defaultSources();
  } else {
    // The kernel's own file (KERNEL_SOURCES[id][0]) is replaced by the user's; math.s stays
    // unless the user's file defines the math routines itself.
    const own = KERNEL_SOURCES[override.id][0]!;
    const userDefinesMath = /^\s*gpe_expf\s*:/m.test(override.text);
    sources = allKernelFiles()
      .filter((f) => f !== own && !(userDefinesMath && f === 'math.s'))
      .map(kernelSource);
    sources.push({ path: override.path, text: override.text });
  }
  const prebuiltElf = override === undefined ? readPrebuiltImage(__dirname, sources) : null;
  let image: ElfImage | null = null;
  if (prebuiltElf !== null) {
    try {
      image = readElf(prebuiltElf);
    } catch {
      image = null; // not an ELF our reader takes: assemble instead
    }
  }
  const prebuilt = image !== null;
  image ??= readElf(assembleSources(sources));
  const symbols = new Map<string, number>();
  for (const s of image.symbols) if (s.section !== undefined && s.name !== '') symbols.set(s.name, s.value >>> 0);
  let end = 0;
  for (const seg of image.segments) end = Math.max(end, (seg.virtualAddress >>> 0) + seg.memorySize);
  const launchBlock = symbols.get('gpesim_launch');
  if (launchBlock === undefined) throw new KernelBuildError('the kernel image has no gpesim_launch symbol (kernels/launch.s)');
  if (override !== undefined && !symbols.has(entrySymbol(override.id))) {
    throw new KernelBuildError(`${override.path} does not define ${entrySymbol(override.id)} (the entry of '${override.id}')`);
  }
  const built: KernelImage = { image, symbols, end, launchBlock, files: sources.map((s) => s.path), prebuilt };
  cache.set(key, built);
  return built;
}
