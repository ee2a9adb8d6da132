// The interop corpus (every instruction, alias, fence set, rounding mode, ordering and many
// CSRs, plus data in .text, zero runs and symbols of each kind) assembled and linked by GNU as +
// ld: `gpesim disasm` must print exactly what objdump -d prints, with and without aliases.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../emulator/cli/main';
import type { CommandIo } from '../../emulator/cli/command';
import { disassembleImage } from '../../toolchain/disasm/image';
import { readElf } from '../../toolchain/elf/reader';
import { INSTRUCTIONS } from '../../toolchain/isa/instructions';
import { writeFileSync } from 'node:fs';
import { MABI, MARCH, gnuAssembleAndLink, hasTool, requireTools, run, runOk, tempDir } from '../elf/tools';
import { firstDifference, objdumpBody } from './helpers';

const tools = requireTools('riscv64-unknown-elf-as', 'riscv64-unknown-elf-ld', 'riscv64-unknown-elf-objdump');
const CORPUS = readFileSync(join(__dirname, 'corpus.s'), 'utf8');

function captureIo(cwd: string): CommandIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTty: false, cwd };
}

describe.skipIf(!tools)('corpus: gpesim disasm == objdump -d (interop)', () => {
  const dir = tools ? tempDir('corpus') : '';
  const elf = tools ? gnuAssembleAndLink(dir, 'corpus', CORPUS) : '';

  for (const noAliases of [false, true]) {
    it(`matches objdump line for line ${noAliases ? 'with -M no-aliases' : 'with aliases'}`, () => {
      const ours = disassembleImage(readElf(readFileSync(elf)), { aliases: !noAliases });
      const theirs = objdumpBody(elf, noAliases);
      expect(firstDifference(ours, theirs)).toBeUndefined();
      expect(theirs.split('\n').length).toBeGreaterThan(1200);
    });
  }

  it('matches objdump with the text linked at 0x0, 0x100 and 0x80000000 (address column widths)', () => {
    for (const base of ['0x0', '0x100', '0x80000000']) {
      const relinked = join(dir, `corpus-${base}.elf`);
      run('riscv64-unknown-elf-ld', ['-m', 'elf32lriscv', '--no-relax', `-Ttext=${base}`, '-o', relinked, join(dir, 'corpus.o')]);
      const ours = disassembleImage(readElf(readFileSync(relinked)), { aliases: true });
      expect(firstDifference(ours, objdumpBody(relinked, false)), base).toBeUndefined();
    }
  });

  it('uses every instruction of the table and the aliases objdump prints', () => {
    const text = objdumpBody(elf, false);
    const plain = objdumpBody(elf, true);
    const mnemonics = new Set([...plain.matchAll(/^\s+[0-9a-f]+:\t[0-9a-f ]+\t(\S+)/gm)].map((m) => m[1]));
    const missing = INSTRUCTIONS.map((s) => s.mnemonic).filter((m) => !mnemonics.has(m));
    expect(missing).toEqual([]);
    const aliases = new Set([...text.matchAll(/^\s+[0-9a-f]+:\t[0-9a-f ]+\t(\S+)/gm)].map((m) => m[1]));
    for (const alias of [
      'nop', 'li', 'mv', 'not', 'neg', 'seqz', 'snez', 'sltz', 'sgtz', 'beqz', 'bnez', 'blez', 'bgez', 'bltz', 'bgtz', 'j',
      'jal', 'jr', 'jalr', 'ret', 'fmv.s', 'fneg.s', 'fabs.s', 'csrr', 'csrw', 'csrs', 'csrc', 'frcsr', 'fscsr', 'frrm',
      'fsrm', 'frflags', 'fsflags', 'fsrmi', 'fsflagsi', 'rdcycle', 'rdcycleh', 'rdtime', 'rdtimeh', 'rdinstret',
      'rdinstreth', 'unimp', 'fence.tso', '.word', '.short', '.byte',
    ]) {
      expect(aliases, alias).toContain(alias);
    }
  });

  it('gpesim disasm prints objdump -d stdout exactly, header line included', async () => {
    for (const noAliases of [false, true]) {
      const io = captureIo(dir);
      const code = await main(['disasm', 'corpus.elf', ...(noAliases ? ['--no-aliases'] : [])], io);
      expect(io.err.join('')).toBe('');
      expect(code).toBe(0);
      const objdump = run('riscv64-unknown-elf-objdump', ['-d', ...(noAliases ? ['-M', 'no-aliases'] : []), 'corpus.elf'], dir);
      expect(firstDifference(io.out.join(''), objdump.stdout)).toBeUndefined();
    }
  });
});

describe('gpesim disasm errors', () => {
  it('reports unreadable and malformed files with exit status 1 and no stack trace', async () => {
    const dir = tempDir('disasm-err');
    const missing = captureIo(dir);
    expect(await main(['disasm', 'nope.elf'], missing)).toBe(1);
    expect(missing.err.join('')).toBe('gpesim disasm: cannot read nope.elf: no such file\n');
    const directory = captureIo(dir);
    expect(await main(['disasm', '.'], directory)).toBe(1);
    expect(directory.err.join('')).toBe('gpesim disasm: cannot read .: it is a directory\n');
    const bad = captureIo(join(__dirname));
    expect(await main(['disasm', 'corpus.s'], bad)).toBe(1);
    expect(bad.err.join('')).toMatch(/^gpesim disasm: corpus\.s: not an ELF file: no \\x7fELF magic number \(at file offset 0x0\)\n$/);
    const usage = captureIo(dir);
    expect(await main(['disasm'], usage)).toBe(2);
    expect(usage.err.join('')).toMatch(/missing the ELF file/);
  });
});

const C_PROGRAM = `
float scale = 1.5f;
int table[32];
static float dot(const float *a, const float *b, int n) {
  float s = 0;
  for (int i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}
__attribute__((noinline)) int work(int n) {
  float a[8], b[8];
  for (int i = 0; i < 8; i++) { a[i] = i * scale; b[i] = (float)n / (i + 1); }
  int acc = (int)dot(a, b, 8);
  for (int i = 0; i < 32; i++) acc ^= table[i] * (i + n) / (n | 1) % 7;
  return acc;
}
void _start(void) {
  volatile int r = work(5);
  (void)r;
  for (;;) {}
}
`;

describe.skipIf(!tools || !hasTool('riscv64-unknown-elf-gcc'))('gcc output: gpesim disasm == objdump -d (interop)', () => {
  for (const opt of ['-O0', '-O2']) {
    it(`matches objdump on a C program built with ${opt}`, () => {
      const dir = tempDir('gccdis');
      writeFileSync(join(dir, 'prog.c'), C_PROGRAM);
      const elf = join(dir, 'prog.elf');
      runOk('riscv64-unknown-elf-gcc', [MARCH, MABI, opt, '-g', '-static', '-nostdlib', '-o', elf, join(dir, 'prog.c')]);
      for (const noAliases of [false, true]) {
        const ours = disassembleImage(readElf(readFileSync(elf)), { aliases: !noAliases });
        expect(firstDifference(ours, objdumpBody(elf, noAliases))).toBeUndefined();
      }
    });
  }
});
