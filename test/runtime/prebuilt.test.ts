// The prebuilt kernel image (kernels/runtime/image.ts): the bytes `npm run build` writes are the
// bytes our assembler makes from the current sources, and any change to a source, to the
// toolchain, to image.ts itself, to the digest or to the ELF file makes the runtime assemble
// instead of loading a stale or broken image.
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assemble, type SourceFile } from '../../toolchain/asm/index';
import { PREBUILT_DIGEST, PREBUILT_ELF, allKernelFiles, kernelsDirectory, readPrebuiltImage, writePrebuiltImage } from '../../kernels/runtime/image';

const sources: SourceFile[] = allKernelFiles().map((name) => ({ path: `kernels/${name}`, text: readFileSync(join(kernelsDirectory(), name), 'utf8') }));
const fresh = assemble(sources).elf!;
const dir = mkdtempSync(join(tmpdir(), 'gpesim-prebuilt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('prebuilt kernel image', () => {
  it('holds exactly the bytes a fresh assembly of the sources gives', () => {
    writePrebuiltImage(dir);
    const bytes = readPrebuiltImage(dir, sources);
    expect(bytes).not.toBeNull();
    expect(Buffer.from(bytes!).equals(Buffer.from(fresh))).toBe(true);
  });

  it('is not used when a source changed, even by one character', () => {
    writePrebuiltImage(dir);
    const edited = sources.map((s, k) => (k === sources.length - 1 ? { ...s, text: `${s.text} ` } : s));
    expect(readPrebuiltImage(dir, edited)).toBeNull();
    const renamed = sources.map((s, k) => (k === 0 ? { ...s, path: `${s.path}x` } : s));
    expect(readPrebuiltImage(dir, renamed)).toBeNull();
  });

  it('is not used when its ELF was damaged or comes from another build (the digest file holds its hash)', () => {
    writePrebuiltImage(dir);
    const elf = readFileSync(join(dir, PREBUILT_ELF));
    elf[elf.length >> 1] ^= 1;
    writeFileSync(join(dir, PREBUILT_ELF), elf);
    expect(readPrebuiltImage(dir, sources)).toBeNull();
  });

  it('is not used when its digest is missing or different, or its ELF is missing', () => {
    writePrebuiltImage(dir);
    writeFileSync(join(dir, PREBUILT_DIGEST), '0'.repeat(64));
    expect(readPrebuiltImage(dir, sources)).toBeNull();
    rmSync(join(dir, PREBUILT_DIGEST));
    expect(readPrebuiltImage(dir, sources)).toBeNull();
    writePrebuiltImage(dir);
    rmSync(join(dir, PREBUILT_ELF));
    expect(readPrebuiltImage(dir, sources)).toBeNull();
  });

  it('is not used by a compiled copy once a toolchain file or image.js itself changed', async () => {
    const dist = join(__dirname, '../../dist');
    if (!existsSync(join(dist, 'kernels/runtime/image.js'))) {
      console.warn('SKIPPED compiled-copy prebuilt-image check: dist/ not built (run npm run build)');
      return;
    }
    // A copy of the compiled library beside a copy of kernels/*.s, as an installed package has them.
    const root = mkdtempSync(join(tmpdir(), 'gpesim-prebuilt-copy-'));
    try {
      for (const part of ['toolchain', 'kernels', 'emulator']) cpSync(join(dist, part), join(root, 'dist', part), { recursive: true });
      mkdirSync(join(root, 'kernels'));
      for (const name of readdirSync(kernelsDirectory())) if (name.endsWith('.s')) cpSync(join(kernelsDirectory(), name), join(root, 'kernels', name));
      symlinkSync(join(__dirname, '../../node_modules'), join(root, 'node_modules'));
      const runtime = join(root, 'dist/kernels/runtime');
      const copy = (await import(join(runtime, 'image.js'))) as typeof import('../../kernels/runtime/image');
      copy.writePrebuiltImage(runtime);
      expect(copy.readPrebuiltImage(runtime, sources), 'fresh copy').not.toBeNull();
      expect(copy.kernelImage().prebuilt, 'kernelImage() loads it').toBe(true);
      const toolchainFile = join(root, 'dist/toolchain/asm/index.js');
      const original = readFileSync(toolchainFile);
      appendFileSync(toolchainFile, '\n// edited\n');
      expect(copy.readPrebuiltImage(runtime, sources), 'a toolchain file changed').toBeNull();
      writeFileSync(toolchainFile, original);
      expect(copy.readPrebuiltImage(runtime, sources), 'restored').not.toBeNull();
      appendFileSync(join(runtime, 'image.js'), '\n// edited\n');
      expect(copy.readPrebuiltImage(runtime, sources), 'image.js changed').toBeNull();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('the one `npm run build` wrote into dist/ matches the current sources and toolchain', async () => {
    const built = join(__dirname, '../../dist/kernels/runtime/image.js');
    if (!existsSync(built)) {
      console.warn('SKIPPED dist prebuilt-image check: dist/ not built (run npm run build)');
      return;
    }
    // The compiled module digests the compiled toolchain next to it.
    const compiled = (await import(built)) as typeof import('../../kernels/runtime/image');
    const bytes = compiled.readPrebuiltImage(join(__dirname, '../../dist/kernels/runtime'), sources);
    expect(bytes, 'dist/kernels/runtime/kernel-image.elf is missing or stale: run npm run build').not.toBeNull();
    expect(Buffer.from(bytes!).equals(Buffer.from(fresh))).toBe(true);
    expect(compiled.kernelImage().prebuilt, 'the compiled kernelImage() loads it').toBe(true);
  });
});
