// Every kernel file assembles with GNU as, all of them link together with the launcher stub
// (no duplicate symbols, no undefined ones), and every kernel id with a descriptor has its entry
// symbol; `gpesim_launch` is where docs/KERNELS.md says.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESCRIPTOR_FIELDS, DescribedKernel, entrySymbol } from '../../kernels/reference';
import { KERNEL_DIR, missingTool } from './qemu';

if (missingTool) console.warn(`kernel link test skipped: ${missingTool} not found`);

describe.skipIf(missingTool !== undefined)('kernel files link with the launcher', () => {
  it('assembles all kernels/*.s, links them with launch.s, and finds every entry symbol', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gpesim-link-'));
    try {
      const sources = readdirSync(KERNEL_DIR).filter((f) => f.endsWith('.s')).sort();
      expect(sources).toContain('launch.s');
      const objects: string[] = [];
      for (const src of sources) {
        const obj = src.replace(/\.s$/, '.o');
        const r = spawnSync('riscv64-unknown-elf-as', ['-march=rv32imaf_zicsr_zifencei', '-mabi=ilp32f', '-mno-relax', join(KERNEL_DIR, src), '-o', obj], { cwd: dir, encoding: 'utf8' });
        expect(r.status, `${src}: ${r.stderr}`).toBe(0);
        objects.push(obj);
      }
      const ld = spawnSync('riscv64-unknown-elf-ld', ['-m', 'elf32lriscv', '--no-relax', ...objects, '-o', 'all'], { cwd: dir, encoding: 'utf8' });
      expect(ld.status, ld.stderr).toBe(0);
      const nm = spawnSync('riscv64-unknown-elf-nm', ['all'], { cwd: dir, encoding: 'utf8' }).stdout;
      const symbols = new Set(nm.split('\n').map((l) => l.trim().split(/\s+/)[2]).filter(Boolean));
      for (const id of Object.keys(DESCRIPTOR_FIELDS) as DescribedKernel[]) expect(symbols.has(entrySymbol(id)), entrySymbol(id)).toBe(true);
      for (const s of ['_start', 'gpesim_launch', 'gpe_expf', 'gpe_sigmoidf', 'gpe_tanhf']) expect(symbols.has(s), s).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
