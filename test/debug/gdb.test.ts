// gpesim gdbserver driven by the real gdb (Debian's gdb-multiarch, batch mode) over loopback:
// the server runs in this process on an ephemeral port, gdb in a child process.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DebugEngine } from '../../emulator/debug/engine';
import { startGdbServer, type RunningServer } from '../../emulator/debug/gdb-server';
import { LineTable } from '../../emulator/debug/lines';
import { defineConfig } from '../../emulator/machine/config';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble } from '../../toolchain/asm/index';
import { readElf } from '../../toolchain/elf/reader';
import { hasTool, tempDir } from '../elf/tools';
import { hasGnu, programElf, programImage, programSource } from './helpers';

const hasGdb = hasTool('gdb-multiarch');
if (!hasGdb) console.warn('SKIPPED gdb tests: gdb-multiarch is not installed (Debian package gdb-multiarch)');

async function serve(harts: number, timed = false, image = programImage('sum')): Promise<{ server: RunningServer; log: string[]; output: string[] }> {
  const output: string[] = [];
  const engine = new DebugEngine({ image, options: { harts }, config: timed ? defineConfig() : undefined }, (_fd, b) => output.push(Buffer.from(b).toString()));
  const log: string[] = [];
  const server = await startGdbServer({
    engine,
    image,
    lines: LineTable.of(image),
    port: 0,
    host: '127.0.0.1',
    log: (t) => log.push(t),
    cwd: __dirname,
  });
  return { server, log, output };
}

function gdb(port: number, commands: readonly string[], elf = programElf('sum')): Promise<string> {
  const args = ['-batch', '-nx', '-ex', 'set architecture riscv:rv32', '-ex', `file ${elf}`, '-ex', `target remote 127.0.0.1:${port}`];
  for (const c of commands) args.push('-ex', c);
  return new Promise((resolve, reject) => {
    const child = spawn('gdb-multiarch', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gdb timed out:\n${text}`));
    }, 30_000);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
  });
}

describe.skipIf(!hasGdb || !hasGnu)('gdb-multiarch against gpesim gdbserver', () => {
  it('64 threads, breakpoint in a kernel, registers, memory, stepping, thread switch, watchpoint, FP registers, clean exit, source lines', async () => {
    const { server, output } = await serve(64);
    const out = await gdb(server.port, [
      'info threads',
      'break kernel',
      'continue',
      'info registers a0 sp pc',
      'stepi',
      'p/x $pc',
      'next',
      'list 22,24',
      'thread 3',
      'p $a0',
      'set var $a0 = 7',
      'p $a0',
      'p $mhartid',
      'x/2wx &results',
      'set var *(int*)&results = 99',
      'x/1dw &results',
      'thread 1',
      'delete',
      'watch *(int*)((char*)&results+28)',
      'continue',
      'p/x $pc',
      'info registers fa0 fflags frm',
      'stepi',
      'info registers float',
      'delete',
      'monitor cycles',
      'continue',
    ]);
    await server.closed; // the program exited and gdb left: the server closes itself
    // 64 threads, named by tile and GPE, all at _start (source line from the -g build).
    expect(out).toMatch(/\* 1 +Thread 1 \(tile 0 gpe 0\) +_start \(\) at .*sum\.s:7/);
    expect(out).toMatch(/ 64 +Thread 64 \(tile 3 gpe 15\) +_start \(\)/);
    expect(out).toMatch(/Breakpoint 1 at 0x100c8: file .*sum\.s, line 23\./);
    expect(out).toMatch(/Thread 1 hit Breakpoint 1, kernel \(\) at .*sum\.s:23/);
    expect(out).toMatch(/a0\s+0x0\s+0\nsp\s+0x40000000\s+0x40000000\npc\s+0x100c8\s+0x100c8 <kernel>/);
    expect(out).toMatch(/\$1 = 0x100cc/); // stepi
    expect(out).toMatch(/\n24\t +slli +t1, a0, 2/); // next: the next source line
    expect(out).toMatch(/22\tkernel:\n23\t +la +t0, results\n24\t +slli/);
    expect(out).toMatch(/Switching to thread 3 \(Thread 3\)/);
    expect(out).toMatch(/\$2 = 2\n\$3 = 7\n\$4 = 2/); // a0 = hart id, written, mhartid CSR
    expect(out).toMatch(/0x11114( <results>)?:\t0x00000000\t0x00000000/);
    expect(out).toMatch(/0x11114( <results>)?:\t99\n/);
    // Thread 3 (hart 2) had its a0 set to 7: it is the first to write results[7] = 55 + 7.
    expect(out).toMatch(/Thread 3 hit Hardware watchpoint 2: \*\(int\*\)\(\(char\*\)&results\+28\)\n\nOld value = 0\nNew value = 62/);
    expect(out).toMatch(/\$5 = 0x100f4/); // stopped right after the sw
    expect(out).toMatch(/fa0\s+0\s+\(raw 0x00000000\)\nfflags\s+0x0\s+NV:0 DZ:0 OF:0 UF:0 NX:0\nfrm\s+0x0/);
    // fcvt.s.w fa0, t2 with t2 = 62: 62.0f = 0x42780000; the whole float group is shown.
    expect(out).toMatch(/fa0\s+62\s+\(raw 0x42780000\)/);
    expect(out).toMatch(/ft11\s+0\s+\(raw 0x00000000\)\nfflags\s+0x0[^\n]*\nfrm\s+0x0[^\n]*\nfcsr\s+0x0/);
    expect(out).toMatch(/machine clock \d+ cycles\nhart 0: 57 cycles, 57 instructions/);
    expect(out).toMatch(/\[Inferior 1 \(Remote target\) exited normally\]/);
    // hart 0's write(1, "done\n") reached gdb as an O packet while the target ran.
    expect(out).toMatch(/\ndone\n/);
    expect(output.join('')).toBe('');
  });

  it('reverse-stepi and reverse-continue through gdb', async () => {
    const { server } = await serve(2);
    const out = await gdb(server.port, ['break loop', 'continue', 'p $t4', 'continue', 'stepi', 'stepi', 'p/x $pc', 'reverse-stepi', 'p/x $pc', 'p $t4', 'reverse-continue', 'p/x $pc', 'kill']);
    await server.closed;
    expect(out).toMatch(/\$1 = 10\n/);
    expect(out).toMatch(/\$2 = 0x100e8/);
    expect(out).toMatch(/\$3 = 0x100e4\n\$4 = 9/); // second iteration, back before addi t4,t4,-1 ran
    // reverse-continue: back to the breakpoint hit at the start of this iteration, then the first.
    expect(out).toMatch(/\$5 = 0x100e0\n/);
  });

  it('source lines of a gpesim asm -g build (our DWARF 5 writer)', async () => {
    const source = programSource('sum');
    const result = assemble([{ path: source, text: readFileSync(source, 'utf8') }], { debugLines: true });
    expect(result.elf).toBeDefined();
    const elf = join(tempDir('gdb-ours'), 'sum.elf');
    writeFileSync(elf, result.elf!);
    const { server } = await serve(2, false, readElf(result.elf!));
    const out = await gdb(server.port, ['break sum.s:33', 'continue', 'next', 'info line *$pc', 'kill'], elf);
    await server.closed;
    expect(out).toMatch(/Breakpoint 1 at 0x100f0: file .*sum\.s, line 33\./);
    expect(out).toMatch(/Thread 1 hit Breakpoint 1, loop \(\) at .*sum\.s:33\n33\t +sw +t2, 0\(t0\)/);
    expect(out).toMatch(/\n34\t +fcvt\.s\.w fa0, t2/);
    expect(out).toMatch(/Line 34 of ".*sum\.s" starts at address 0x100f4/);
  });

  it('read and access watchpoints (Z3, Z4) on loads and AMOs', async () => {
    const { server } = await serve(2, false, programImage('shared'));
    const out = await gdb(server.port, ['rwatch *(int*)&counter', 'continue', 'p/x $pc', 'p $t2', 'delete', 'awatch *(int*)((char*)&table+4)', 'continue', 'continue', 'p/x $pc', 'kill'], programElf('shared'));
    await server.closed;
    // Stopped after hart 0's amoadd.w (the AMO reads the counter): t2 holds the old value.
    expect(out).toMatch(/Thread 1 hit Hardware read watchpoint 1: \*\(int\*\)&counter\n\nValue = 1\n/);
    expect(out).toMatch(/\$1 = 0x100a4\n\$2 = 0\n/);
    // table[1] is read by hart 1's lw, then written by its sh (the upper half).
    expect(out).toMatch(/Thread 2 hit Hardware access \(read\/write\) watchpoint 2: \*\(int\*\)\(\(char\*\)&table\+4\)\n\nValue = 34\n/);
    expect(out).toMatch(/Thread 2 hit Hardware access \(read\/write\) watchpoint 2: \*\(int\*\)\(\(char\*\)&table\+4\)\n\nOld value = 34\nNew value = 2228258\n/);
    expect(out).toMatch(/\$3 = 0x100c0\n/);
  });

  it('timed machine: monitor commands report cycles and caches', async () => {
    const { server } = await serve(4, true);
    const out = await gdb(server.port, ['break sum.s:34', 'continue', 'monitor harts', 'monitor cache', 'monitor help', 'monitor frobnicate', 'kill']);
    await server.closed;
    expect(out).toMatch(/hit Breakpoint 1, loop \(\) at .*sum\.s:34/);
    expect(out).toMatch(/busy +mem-stall +exec-stall/);
    expect(out).toMatch(/modes: L1 shared, L2 shared; line 64 bytes/);
    expect(out).toMatch(/gpesim monitor commands:/);
    expect(out).toMatch(/monitor frobnicate: not available here/);
  });
});
