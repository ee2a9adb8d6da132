// Bad input and runaway programs through the `gpesim` command, as a user meets them: every case
// asserts the exact message and exit status (regressions from a review of the CLI).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../emulator/cli/main';

const dir = mkdtempSync(join(tmpdir(), 'gpesim-ux-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function gpesim(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTty: false, cwd: dir });
  return { code, stdout, stderr };
}

function file(name: string, text: string | Uint8Array): string {
  writeFileSync(join(dir, name), text);
  return name;
}

const LOOP = file('loop.s', '  .globl _start\n_start:\n1: j 1b\n');

describe('runaway programs', () => {
  it('timed --max-cycles stops a loop that never touches memory, and says where it was', async () => {
    const r = await gpesim('run', '--max-cycles', '1000', LOOP);
    expect(r.code).toBe(124);
    expect(r.stderr).toBe('gpesim run: stopped at cycle 1000 (--max-cycles): hart 0 at pc 0x00010074 <_start>\n');
  });

  it('a fault on hart 37 ends a 64-hart timed run while hart 0 loops without touching memory (it hung)', async () => {
    file('h37.s', '  .globl _start\n_start:\n  li t0, 37\n  beq a0, t0, bad\n1: j 1b\nbad:\n  .word 0xffffffff\n');
    for (const mode of [[], ['--functional']]) {
      expect(await gpesim('run', ...mode, '--harts', '64', 'h37.s')).toMatchObject({
        code: 132,
        stderr: 'gpesim run: hart 37 (tile 2, GPE 5): illegal instruction: the word does not decode at pc 0x00010080 <bad>: 0xffffffff .4byte 0xffffffff\n',
      });
    }
  });

  it('timed --max-instructions names the harts still running, like --functional', async () => {
    for (const mode of [[], ['--functional']]) {
      const r = await gpesim('run', ...mode, '--max-instructions', '100', '--harts', '2', LOOP);
      expect(r.code).toBe(124);
      expect(r.stderr).toBe(
        'gpesim run: stopped after 100 instructions (--max-instructions): hart 0 at pc 0x00010074 <_start>, hart 1 at pc 0x00010074 <_start>\n',
      );
    }
  });
});

describe('files that cannot be read or written', () => {
  const OK = file('ok.s', '  .globl _start\n_start:\n  li a7, 93\n  ecall\n');
  mkdirSync(join(dir, 'folder.s'), { recursive: true });
  mkdirSync(join(dir, 'folder.elf'), { recursive: true });

  it('a missing file or a directory: the same message and status 1 from every command', async () => {
    for (const cmd of [['asm', '-o', 'x.elf'], ['disasm'], ['run'], ['run', '--functional'], ['debug'], ['gdbserver']]) {
      for (const [name, why] of [['nope.s', 'no such file'], ['folder.s', 'it is a directory'], ['folder.elf', 'it is a directory']] as const) {
        if (cmd[0] === 'asm' && name === 'folder.elf') continue;
        const r = await gpesim(...cmd, name);
        expect(r.code, `${cmd.join(' ')} ${name}`).toBe(1);
        expect(r.stderr).toBe(`gpesim ${cmd[0]}: cannot read ${name}: ${why}\n`);
      }
    }
  });

  it('an output path under a regular file is a clear error (was an internal error, exit 70)', async () => {
    const a = await gpesim('asm', '-o', 'ok.s/x.elf', OK);
    expect(a).toMatchObject({ code: 1, stderr: 'gpesim asm: cannot write ok.s/x.elf: a part of its path is not a directory\n' });
    for (const flag of [['--functional', '--json'], ['--json'], ['--csv'], ['--timeline'], ['--functional', '--trace']]) {
      const r = await gpesim('run', ...flag, 'ok.s/out', OK);
      expect(r).toMatchObject({ code: 1, stderr: 'gpesim run: cannot write ok.s/out: a part of its path is not a directory\n' });
    }
  });

  it('output paths are checked before the run: an endless loop with a bad --json/--csv/--timeline/--trace path fails at once', async () => {
    for (const flag of [['--json'], ['--csv'], ['--timeline'], ['--functional', '--json'], ['--functional', '--trace']]) {
      expect(await gpesim('run', ...flag, 'no-dir/out', LOOP)).toMatchObject({ code: 1, stderr: 'gpesim run: cannot write no-dir/out: its folder does not exist\n' });
      expect(await gpesim('run', ...flag, 'folder.s', LOOP)).toMatchObject({ code: 1, stderr: 'gpesim run: cannot write folder.s: it is a directory\n' });
    }
  });

  it('--trace FILE streams: the file holds every line, no temp file is left', async () => {
    const r = await gpesim('run', '--functional', '--trace', 't.txt', '--max-instructions', '20000', LOOP);
    expect(r.code).toBe(124);
    const lines = readFileSync(join(dir, 't.txt'), 'utf8').split('\n');
    expect(lines).toHaveLength(20001);
    expect(lines[19999]).toBe('core   0: 3 0x00010074 (0x0000006f)  # j 0x10074');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('an ELF or binary file given as assembly source is named as such', async () => {
    expect((await gpesim('asm', '-o', 'ok.elf', OK)).code).toBe(0);
    file('elf.s', readFileSync(join(dir, 'ok.elf')));
    file('bin.s', new Uint8Array([0x61, 0xff, 0xfe, 0x0a]));
    expect(await gpesim('asm', '-o', 'x.elf', 'ok.elf')).toMatchObject({
      code: 1,
      stderr: 'gpesim asm: ok.elf is an ELF file, not assembly source (gpesim run and disasm take ELF files)\n',
    });
    expect(await gpesim('run', 'bin.s')).toMatchObject({ code: 1, stderr: 'gpesim run: bin.s is a binary file (not UTF-8 text), not assembly source\n' });
    expect((await gpesim('debug', 'elf.s')).stderr).toBe('gpesim debug: elf.s is an ELF file, not assembly source (gpesim run and disasm take ELF files)\n');
    file('x86.elf', Uint8Array.from(readFileSync(join(dir, 'ok.elf')), (b, k) => (k === 18 ? 62 : b)));
    for (const cmd of ['run', 'debug', 'gdbserver']) {
      expect(await gpesim(cmd, 'x86.elf')).toMatchObject({ code: 1, stderr: `gpesim ${cmd}: x86.elf: ELF machine 62 (x86-64) is not RISC-V (243)\n` });
    }
  });

  it('debug --commands with a missing script fails before the session starts', async () => {
    expect(await gpesim('debug', OK, '--commands', 'nope.txt')).toEqual({ code: 1, stdout: '', stderr: 'gpesim debug: cannot read nope.txt: no such file\n' });
  });
});

describe('options', () => {
  const OK = 'ok.s';
  it('--entry: a missing symbol is an error without "defaulting to"; a misaligned address is rejected', async () => {
    for (const mode of [[], ['--functional']]) {
      expect(await gpesim('run', ...mode, '--entry', 'nosuch', OK)).toMatchObject({ code: 1, stderr: "gpesim run: entry symbol 'nosuch' is not defined in the program\n" });
      expect(await gpesim('run', ...mode, '--entry', '0x10076', OK)).toMatchObject({ code: 1, stderr: 'gpesim run: entry address 0x10076 is not a 32-bit multiple of 4\n' });
    }
    expect((await gpesim('asm', '--entry', 'nosuch', '-o', 'x.elf', OK)).stderr).toBe("gpesim: error: cannot find entry symbol 'nosuch' (it must be .globl)\n");
  });

  it('--timed with --functional is rejected', async () => {
    const r = await gpesim('run', '--timed', '--functional', OK);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--timed and --functional exclude each other');
  });
});

describe('debug scripts', () => {
  it('exit status 1 when a command failed, 0 otherwise', async () => {
    file('good.txt', 'stepi\ncontinue\n');
    file('bad.txt', 'stepi\nbogus\ncontinue\n');
    expect((await gpesim('debug', 'ok.s', '--commands', 'good.txt')).code).toBe(0);
    const bad = await gpesim('debug', 'ok.s', '--commands', 'bad.txt');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("error: unknown command 'bogus' (try help)");
  });
});

describe('option values', () => {
  it('a negative number names the option and the value (arg read it as a flag)', async () => {
    for (const [cmd, flag] of [['run', '--harts'], ['run', '--timed-quantum'], ['gdbserver', '--port'], ['debug', '--quantum']] as const) {
      const r = await gpesim(cmd, flag, '-5', 'ok.s');
      expect(r).toMatchObject({ code: 2, stderr: `gpesim ${cmd}: ${flag} expects a value >= 0, got '-5'\n(see gpesim ${cmd} --help)\n` });
    }
    expect((await gpesim('run', 'ok.s', '--harts')).stderr).toBe('gpesim run: --harts needs a value\n(see gpesim run --help)\n');
  });

  it('gdbserver --port takes decimal digits only', async () => {
    for (const bad of ['', '1.5', '0x10', '65536', ' 1']) {
      expect((await gpesim('gdbserver', '--port', bad, 'ok.s')).stderr).toContain(`--port expects 0..65535, got '${bad}'`);
    }
  });
});

describe('fault messages', () => {
  it('an access below 0x1000 says "null guard", not "outside memory", in both modes', async () => {
    file('null.s', '  .globl _start\n_start:\n  lw a0, 0x10(zero)\n');
    for (const mode of [[], ['--functional']]) {
      expect(await gpesim('run', ...mode, 'null.s')).toMatchObject({
        code: 139,
        stderr:
          'gpesim run: hart 0 (tile 0, GPE 0): load access fault: 4-byte load from 0x00000010, in the null guard (no access below 0x00001000) ' +
          'at pc 0x00010074 <_start>: 0x01002503 lw a0,16(zero) # 0x10\n',
      });
    }
  });
});
