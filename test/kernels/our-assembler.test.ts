// The kernels through our own assembler (toolchain/asm): all kernels/*.s in one link must give
// the same sections, at the same addresses, with the same bytes as GNU as + ld, so what runs on
// gpesim is exactly what was verified on qemu.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../toolchain/asm/index';
import { formatDiagnostic } from '../../toolchain/diagnostics';
import { KERNEL_DIR, missingTool } from './qemu';

const OBJCOPY = 'riscv64-unknown-elf-objcopy';
const objcopyMissing = spawnSync(OBJCOPY, ['--version']).status !== 0;
const skip = missingTool ?? (objcopyMissing ? OBJCOPY : undefined);
if (skip) console.warn(`kernel assembler comparison skipped: ${skip} not found`);

describe.skipIf(skip !== undefined)('kernels: our assembler against GNU as + ld', () => {
  it('assembles every kernel file without diagnostics, byte for byte as GNU does', () => {
    const names = readdirSync(KERNEL_DIR).filter((f) => f.endsWith('.s')).sort();
    const ours = assemble(names.map((f) => ({ path: `kernels/${f}`, text: readFileSync(join(KERNEL_DIR, f), 'utf8') })));
    expect(ours.diagnostics.map(formatDiagnostic)).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'gpesim-kasm-'));
    try {
      const objects = names.map((f) => {
        const obj = f.replace(/\.s$/, '.o');
        const r = spawnSync('riscv64-unknown-elf-as', ['-march=rv32imaf_zicsr_zifencei', '-mabi=ilp32f', '-mno-relax', join(KERNEL_DIR, f), '-o', obj], { cwd: dir, encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(0);
        return obj;
      });
      const ld = spawnSync('riscv64-unknown-elf-ld', ['-m', 'elf32lriscv', '--no-relax', ...objects, '-o', 'all'], { cwd: dir, encoding: 'utf8' });
      expect(ld.status, ld.stderr).toBe(0);
      const sections = ours.image!.sections.filter((s) => s.flags.alloc && s.kind === 'progbits');
      expect(sections.map((s) => s.name).sort()).toEqual(['.data', '.rodata', '.text']);
      const readelf = spawnSync('riscv64-unknown-elf-readelf', ['-S', 'all'], { cwd: dir, encoding: 'utf8' }).stdout;
      for (const s of sections) {
        const m = new RegExp(`\\${s.name}\\s+PROGBITS\\s+([0-9a-f]+)\\s+[0-9a-f]+\\s+([0-9a-f]+)`).exec(readelf);
        expect(m, `${s.name} in GNU output`).not.toBeNull();
        expect(s.address, `${s.name} address`).toBe(parseInt(m![1]!, 16));
        spawnSync(OBJCOPY, ['-O', 'binary', `--only-section=${s.name}`, 'all', `${s.name.slice(1)}.bin`], { cwd: dir });
        const gnu = readFileSync(join(dir, `${s.name.slice(1)}.bin`));
        const mine = Buffer.from(s.data);
        const first = mine.findIndex((b, i) => b !== gnu[i]);
        expect({ size: mine.length, firstDifference: mine.length === gnu.length ? first : 'size' }, s.name).toEqual({ size: gnu.length, firstDifference: -1 });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
