// The README's example program: the same source on qemu-riscv32 (one hart, GNU as + ld) and on
// gpesim with 64 harts, functional and timed in all four cache modes. It checks its own results
// and prints "ok"; written so no GPE reads another's lines, so the stale-read detector stays 0.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../emulator/cli/main';

const SOURCE = join(__dirname, '../../kernels/examples/saxpy.s');
const dir = mkdtempSync(join(tmpdir(), 'gpesim-example-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function gpesim(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTty: false, cwd: dir });
  return { code, stdout, stderr };
}

const have = (tool: string) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
const gnu = have('riscv64-unknown-elf-as') && have('riscv64-unknown-elf-ld') && have('qemu-riscv32');
if (!gnu) console.warn('test/examples: qemu comparison skipped: riscv64-unknown-elf-as/ld or qemu-riscv32 missing');

describe('kernels/examples/saxpy.s', () => {
  it('prints ok on 64 functional harts', async () => {
    const r = await gpesim('run', '--functional', SOURCE, '--harts', '64');
    expect(r).toEqual({ code: 0, stdout: 'ok\n', stderr: '' });
  });

  it('prints ok on the timed machine in all four modes, with no stale reads', async () => {
    const r = await gpesim('run', SOURCE, '--harts', '64', '--modes', 'all', '--json', 'r.json');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('ok\n')).toBe(true);
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { runs: { modes: string; exitCode: number; staleReads: { count: number } }[] };
    expect(json.runs.map((x) => x.modes)).toEqual(['SS', 'SP', 'PS', 'PP']);
    for (const run of json.runs) expect([run.modes, run.exitCode, run.staleReads.count]).toEqual([run.modes, 0, 0]);
    // With --json -, stdout carries the program output and the JSON only (the table moves to stderr).
    const s = await gpesim('run', SOURCE, '--harts', '64', '--modes', 'SS,PP', '--json', '-');
    expect(s.code).toBe(0);
    expect(s.stdout.startsWith('ok\n{')).toBe(true);
    expect((JSON.parse(s.stdout.slice(3)) as { runs: unknown[] }).runs).toHaveLength(2);
    expect(s.stderr).toMatch(/^ +SS +PP/);
  });

  it.skipIf(!gnu)('prints ok on qemu-riscv32 (one hart)', () => {
    const obj = join(dir, 'saxpy.o');
    const elf = join(dir, 'saxpy.elf');
    expect(spawnSync('riscv64-unknown-elf-as', ['-march=rv32imaf_zicsr_zifencei', '-mabi=ilp32f', '-o', obj, SOURCE]).status).toBe(0);
    expect(spawnSync('riscv64-unknown-elf-ld', ['-m', 'elf32lriscv', '-o', elf, obj]).status).toBe(0);
    const q = spawnSync('qemu-riscv32', [elf], { encoding: 'utf8' });
    expect([q.status, q.stdout]).toEqual([0, 'ok\n']);
  });
});
