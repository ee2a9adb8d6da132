// `gpesim run` end to end: program output, exit codes, fault messages, trace format, stats, JSON.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { main } from '../../emulator/cli/main';
import { HAS_GNU, HAS_QEMU, gnuElf } from './helpers';
import { runElf } from '../../emulator/machine/functional';

const dir = mkdtempSync(join(tmpdir(), 'gpesim-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function gpesim(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['run', ...argv], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTty: false,
    cwd: dir,
  });
  return { code, stdout, stderr };
}

function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}

const HELLO = `
  .globl _start
  .text
_start:
  li a0, 1
  la a1, msg
  li a2, 14
  li a7, 64
  ecall
  li a0, 2
  la a1, err
  li a2, 4
  li a7, 64
  ecall
  li a0, 7
  li a7, 93
  ecall
  .data
msg: .ascii "Hello, world!\\n"
err: .ascii "oops"
`;

describe('gpesim run', () => {
  it('runs a .s file: stdout, stderr and the exit code of hart 0', async () => {
    const r = await gpesim(file('hello.s', HELLO));
    expect(r.stdout).toBe('Hello, world!\n');
    expect(r.stderr).toBe('oops');
    expect(r.code).toBe(7);
  });

  it.skipIf(!HAS_GNU)('runElf: the library entry point returns output, exit code and counts', () => {
    const out: number[] = [];
    const err: number[] = [];
    const r = runElf(gnuElf(HELLO), { harts: 2, stdout: (b) => out.push(...b), stderr: (b) => err.push(...b), maxInstructions: 1000 });
    expect(Buffer.from(out).toString()).toBe('Hello, world!\nHello, world!\n');
    expect(Buffer.from(err).toString()).toBe('oopsoops');
    expect(r.exitCode).toBe(7);
    expect(r.instructions).toBe(2 * 15);
    expect(r.harts.map((h) => [h.hart, h.state, h.exitCode, h.instructions])).toEqual([[0, 'exited', 7, 15], [1, 'exited', 7, 15]]);
    expect(r.faults).toEqual([]);
    expect(r.stopped).toBeUndefined();
  });

  it.skipIf(!HAS_GNU || !HAS_QEMU)('gives the same output and exit code as qemu-riscv32 on a GNU-built ELF', async () => {
    const elf = gnuElf(HELLO);
    writeFileSync(join(dir, 'hello.elf'), elf, { mode: 0o755 }); // qemu-riscv32 wants it executable
    const q = spawnSync('qemu-riscv32', [join(dir, 'hello.elf')], { encoding: 'utf8' });
    const r = await gpesim('hello.elf');
    expect(r.stdout).toBe(q.stdout);
    expect(r.stderr).toBe(q.stderr);
    expect(r.code).toBe(q.status);
  });

  const FAULTS = `
  .globl _start, bad_load, bad_call
  .text
_start:
  beqz a0, 1f
  nop
1:
  li t0, 0x50000000
  j bad_load
bad_load:
  nop
  lw a0, 8(t0)
`;
  it('a fault names hart, pc, instruction and nearest symbol, exit 128 + signal', async () => {
    const r = await gpesim(file('fault.s', FAULTS));
    expect(r.code).toBe(139);
    expect(r.stderr).toBe(
      'gpesim run: hart 0 (tile 0, GPE 0): load access fault: 4-byte load from 0x50000008, outside memory ' +
        'at pc 0x00010088 <bad_load+0x4>: 0x0082a503 lw a0,8(t0)\n',
    );
  });

  it.each([
    ['illegal instruction', '  .4byte 0xffffffff', 132, 'illegal instruction: the word does not decode at pc 0x00010074 <_start>: 0xffffffff .4byte 0xffffffff'],
    ['ebreak', '  ebreak', 133, 'breakpoint: ebreak with no debugger attached at pc 0x00010074 <_start>: 0x00100073 ebreak'],
    ['unknown syscall', '  li a7, 222\n  ecall', 159, 'environment call: unknown syscall 222 (a7); gpesim implements write (64), exit (93) and exit_group (94) at pc 0x00010078 <_start+0x4>: 0x00000073 ecall'],
    ['read-only CSR write', '  csrw mhartid, a0', 132, 'illegal instruction: write to read-only CSR 0xf14 at pc 0x00010074 <_start>: 0xf1451073 csrw mhartid,a0'],
  ] as const)('%s', async (_, body, code, message) => {
    const r = await gpesim(file('f.s', `  .globl _start\n_start:\n${body}\n`));
    expect(r.code).toBe(code);
    expect(r.stderr).toBe(`gpesim run: hart 0 (tile 0, GPE 0): ${message}\n`);
  });

  it('--no-misaligned faults a misaligned load; by default it is performed', async () => {
    const src = file('mis.s', `  .globl _start\n_start:\n  la t0, v\n  lw a0, 1(t0)\n  li a7, 93\n  ecall\n  .data\nv: .word 0x44332211, 0x88776655\n`);
    expect((await gpesim(src)).code).toBe(0x22); // bytes 22 33 44 55: a0 = 0x55443322, exit code its low byte
    const r = await gpesim(src, '--no-misaligned');
    expect(r.code).toBe(135);
    expect(r.stderr).toContain('load address misaligned: 4-byte load from 0x');
  });

  it('--trace writes one Spike-style commit line per retired instruction', async () => {
    const src = file('t.s', `  .globl _start
_start:
  li a0, 5
  lui t0, 0x20
  sw a0, 4(t0)
  lw a1, 4(t0)
  sb a0, 7(t0)
  fmv.w.x ft0, a0
  amoadd.w a2, a0, (t0)
  li a7, 93
  ecall
`);
    const r = await gpesim(src, '--functional', '--trace', 'out.trace');
    expect(r.code).toBe(5);
    expect(readFileSync(join(dir, 'out.trace'), 'utf8')).toBe(
      [
        'core   0: 3 0x00010074 (0x00500513) x10 0x00000005  # li a0,5',
        'core   0: 3 0x00010078 (0x000202b7) x5  0x00020000  # lui t0,0x20',
        'core   0: 3 0x0001007c (0x00a2a223) mem 0x00020004 0x00000005  # sw a0,4(t0)',
        'core   0: 3 0x00010080 (0x0042a583) x11 0x00000005 mem 0x00020004  # lw a1,4(t0)',
        'core   0: 3 0x00010084 (0x00a283a3) mem 0x00020007 0x05  # sb a0,7(t0)',
        'core   0: 3 0x00010088 (0xf0050053) f0  0x00000005  # fmv.w.x ft0,a0',
        'core   0: 3 0x0001008c (0x00a2a62f) x12 0x00000000 mem 0x00020000 0x00000005  # amoadd.w a2,a0,(t0)',
        'core   0: 3 0x00010090 (0x05d00893) x17 0x0000005d  # li a7,93',
        'core   0: 3 0x00010094 (0x00000073)  # ecall',
        '',
      ].join('\n'),
    );
  });

  it('--max-instructions stops with a message and exit 124; --json and --stats report', async () => {
    const src = file('spin.s', '  .globl _start\n_start:\n  addi a0, a0, 1\n  j _start\n');
    const r = await gpesim(src, '--functional', '--harts', '2', '--max-instructions', '101', '--json', '-', '--stats');
    expect(r.code).toBe(124);
    expect(r.stderr).toContain('gpesim run: stopped after 101 instructions (--max-instructions): hart 0 at pc 0x');
    const json = JSON.parse(r.stdout) as { exitCode: number; instructions: number; harts: { hart: number; instructions: number; byClass: Record<string, number> }[] };
    expect(json.exitCode).toBe(124);
    expect(json.instructions).toBe(101);
    expect(json.harts.map((h) => h.instructions)).toEqual([101, 0]); // hart 0's first turn is cut short
    expect(json.harts[0]!.byClass).toEqual({ alu: 51, jump: 50 });
    expect(r.stderr).toMatch(/hart +instructions +alu +jump/);
  });

  it('runs the timed machine by default (--functional opts out): same output and exit code, a JSON report', async () => {
    const src = file('hello-timed.s', HELLO);
    const r = await gpesim(src, '--json', '-');
    expect(r.code).toBe(7);
    expect(r.stdout.startsWith('Hello, world!\n')).toBe(true);
    expect(r.stderr).toBe('oops');
    expect(r.stdout.slice('Hello, world!\n'.length)).toMatch(/"cycles"/);
    const m = await gpesim(src, '--modes', 'PP');
    expect(m.code).toBe(7);
    const t = await gpesim(src, '--l1', 'private', '--trace', 'x.trace');
    expect(t.code).toBe(2);
    expect(t.stderr).toContain('--trace works in functional mode only (add --functional)');
    const f = await gpesim(src, '--functional', '--modes', 'PP');
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('--modes needs the timed machine (drop --functional)');
    const w = await gpesim(src, '--json', 'no-such-dir/r.json');
    expect(w.code).toBe(1);
    expect(w.stderr).toContain('gpesim run: cannot write no-such-dir/r.json: its folder does not exist\n');
  });

  it('bad arguments are usage errors, not stack traces', async () => {
    expect((await gpesim()).code).toBe(2);
    const r = await gpesim(file('ok.s', '  .globl _start\n_start:\n  nop\n'), '--harts', '65');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('gpesim run: --harts must be between 1 and 64 (4 tiles x 16 GPEs), got 65\n');
    const q = await gpesim('ok.s', '--functional', '--quantum', 'x');
    expect(q.code).toBe(2);
    expect(q.stderr).toContain("--quantum expects an integer >= 1, got 'x'");
    const m = await gpesim('missing.elf');
    expect(m.code).toBe(1);
    expect(m.stderr).toBe('gpesim run: cannot read missing.elf: no such file\n');
    writeFileSync(join(dir, 'junk.elf'), 'not an elf');
    const j = await gpesim('junk.elf');
    expect(j.code).toBe(1);
    expect(j.stderr).toMatch(/^gpesim run: junk\.elf: /);
  });
});
