// `gpesim asm`: writes the ELF only without errors, prints every diagnostic with a caret, exit 1.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../emulator/cli/main';
import { spawnSync } from 'node:child_process';
import { readAllocSections } from './gnu';

const haveQemu = spawnSync('qemu-riscv32', ['--version'], { stdio: 'ignore' }).status === 0;
if (!haveQemu) console.warn('gpesim asm under qemu: SKIPPED, qemu-riscv32 not installed');

const dir = mkdtempSync(join(tmpdir(), 'gpesim-asm-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(['asm', ...argv], { stdout: (t) => (out += t), stderr: (t) => (err += t), isTty: false, cwd: dir });
  return { code, out, err };
}

describe('gpesim asm', () => {
  it('assembles two files with an include into an ELF', async () => {
    writeFileSync(join(dir, 'defs.inc'), '.equ K, 5\n');
    writeFileSync(join(dir, 'a.s'), '.include "defs.inc"\n.globl _start\n_start: li a0, K\n call f\n');
    writeFileSync(join(dir, 'b.s'), '.globl f\nf: ret\n');
    const r = await run('-o', 'out.elf', '-g', 'a.s', 'b.s');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const elf = new Uint8Array(readFileSync(join(dir, 'out.elf')));
    expect(Array.from(elf.subarray(0, 4))).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    const text = readAllocSections(elf).find((s) => s.name === '.text')!;
    // li a0, 5 = addi a0, zero, 5; call f = auipc ra, 0; jalr ra, 8(ra); f: ret
    expect(Buffer.from(text.data).toString('hex')).toBe('13055000' + '97000000' + 'e7808000' + '67800000');
  });

  it('reports all errors with carets, exits 1 and writes nothing', async () => {
    writeFileSync(join(dir, 'bad.s'), 'addi a0, a1, 4096\nfoo a0\n');
    const r = await run('-o', 'bad.elf', 'bad.s');
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, 'bad.elf'))).toBe(false);
    expect(r.err).toContain('bad.s:1:14: error: immediate 4096 out of range [-2048, 2047]');
    expect(r.err).toContain("bad.s:2:1: error: unknown instruction 'foo'");
    expect(r.err).toContain('\n  addi a0, a1, 4096\n               ^~~~\n');
    expect(r.err).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it.skipIf(!haveQemu)('writes an ELF that qemu-riscv32 runs (exit code from a computed sum)', async () => {
    writeFileSync(join(dir, 'q.s'), [
      '  .globl _start', '_start:', '  la a0, values', '  lw a1, 0(a0)', '  lw a2, 4(a0)', '  call add2',
      '  li a7, 93', '  ecall', 'add2:', '  add a0, a1, a2', '  ret', '  .data', 'values: .word 40, 2', '',
    ].join('\n'));
    expect((await run('-o', 'q.elf', 'q.s')).code).toBe(0);
    const r = spawnSync('qemu-riscv32', [join(dir, 'q.elf')]);
    expect(r.status).toBe(42);
  });

  it('rejects a missing source file or -o cleanly', async () => {
    expect((await run('-o', 'x.elf', 'nope.s')).code).toBe(1);
    expect((await run('a.s')).code).not.toBe(0);
  });
});
