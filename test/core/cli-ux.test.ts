// Bad input and runaway programs through the `gpesim` command, as a user meets them: every case
// asserts the exact message and exit status (regressions from a review of the CLI).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
