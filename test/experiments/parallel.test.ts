// `gpesim experiment --jobs N` / runExperiments: the independent configuration runs in worker
// threads give exactly the sequential results (rows, breakdown, plans, in the same order), errors
// raised in a worker come back as the same class and message (and the same CLI exit status), and
// bad --jobs values are usage errors. The workers run the compiled dist/ (npm test builds first).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../emulator/cli/main';
import { ConfigError, DEFAULT_CONFIG } from '../../emulator/machine/config';
import { runExperiment, type ExperimentId, type ExperimentResult } from '../../kernels/experiments/index';
import { autoWorkers, defaultJobs, runExperiments, workerEntry } from '../../kernels/experiments/parallel';
import { deserializeError, serializeError } from '../../kernels/experiments/protocol';
import { KernelShapeError } from '../../kernels/reference/shapes';
import { LaunchError } from '../../kernels/runtime/machine';

async function cli(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTty: false, cwd });
  return { code, out, err };
}

const withoutHostTime = (r: ExperimentResult): Omit<ExperimentResult, 'hostSeconds'> => {
  const { hostSeconds, ...rest } = r;
  expect(hostSeconds).toBeGreaterThan(0);
  return rest;
};

describe('runExperiments (worker threads)', () => {
  it('gives the sequential results, in order, for kernels and a network whose optimal plan switches', async () => {
    expect(workerEntry()).toMatch(/worker\.js$/);
    // PS,PP: the cheap configurations; reduced AlexNet's plan switches (PS for conv1, PP after),
    // so the optimal-plan run (queued after the fixed runs) is exercised too.
    const options = { config: DEFAULT_CONFIG, modes: ['PS', 'PP'] as const, size: 'reduced' as const };
    const ids: ExperimentId[] = ['fc-small', 'alexnet'];
    const sequential = ids.map((id) => runExperiment(id, options));
    const delivered: string[] = [];
    const progress: string[] = [];
    const parallel = await runExperiments(ids, { ...options, jobs: 2, progress: (t) => progress.push(t) }, (r) => delivered.push(r.id));
    expect(delivered).toEqual(ids);
    expect(parallel.map(withoutHostTime)).toEqual(sequential.map(withoutHostTime));
    // Byte-for-byte: the JSON the CLI writes (hostSeconds aside) is the same text.
    expect(JSON.stringify(parallel.map(withoutHostTime))).toBe(JSON.stringify(sequential.map(withoutHostTime)));
    expect(parallel[1]!.rows.map((r) => r.config)).toEqual(['PS', 'PP', 'optimal']);
    expect(new Set(parallel[1]!.plans[0]!.layers.map((l) => l.config)).size).toBe(2);
    // The progress line names the running runs of both workers.
    expect(progress.some((t) => /^\[jobs 2: \d+ done, \d+ queued\] .*alexnet: P[SP]( layer \d+\/\d+)?/.test(t))).toBe(true);
  });

  it('a run failing in a worker rejects with the same error class and message as the sequential path', async () => {
    const options = { config: DEFAULT_CONFIG, modes: ['PP', 'PS'] as const, size: 'reduced' as const, batch: 100000 };
    let sequential: unknown;
    try {
      runExperiment('resnet', options);
    } catch (error) {
      sequential = error;
    }
    expect(sequential).toBeInstanceOf(LaunchError);
    // fc-small (before it, unaffected by --batch) is still delivered, as the sequential CLI prints it.
    const delivered: string[] = [];
    const parallel = runExperiments(['fc-small', 'resnet', 'alexnet'], { ...options, jobs: 2 }, (r) => delivered.push(r.id));
    await expect(parallel).rejects.toBeInstanceOf(LaunchError);
    await expect(parallel).rejects.toThrow((sequential as Error).message);
    expect(delivered).toEqual(['fc-small']);
  });

  it('a worker that dies or throws uncaught fails its run with a message, no hang', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gpesim-worker-'));
    const exits = join(dir, 'exits.js');
    writeFileSync(exits, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n");
    const throws = join(dir, 'throws.js');
    writeFileSync(throws, "require('node:worker_threads').parentPort.on('message', () => { throw new RangeError('kaboom'); });\n");
    const options = { config: DEFAULT_CONFIG, modes: ['PP', 'PS'] as const, jobs: 2 };
    await expect(runExperiments(['fc-small', 'maxpool'], { ...options, workerEntry: exits })).rejects.toThrow(/^experiment worker stopped \(exit code 3\)$/);
    await expect(runExperiments(['fc-small'], { ...options, workerEntry: throws })).rejects.toThrow(/^kaboom$/);
    // An onResult that throws (the CLI's printing) is not swallowed either.
    await expect(runExperiments(['fc-small'], options, () => { throw new Error('print failed'); })).rejects.toThrow(/^print failed$/);
  });

  it('reports the failure of the earliest run in sequential order, even when a later one fails first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gpesim-worker-'));
    // Every run fails; run 0 (fc-small in PP) only after the others have.
    const slowFirst = join(dir, 'slow-first.js');
    writeFileSync(slowFirst, [
      "const { parentPort } = require('node:worker_threads');",
      "parentPort.on('message', (m) => setTimeout(() => parentPort.postMessage({ type: 'error', task: m.task, error: { name: 'Error', message: `unit ${m.task} failed`, fields: {} } }), m.task === 0 ? 1500 : 10));",
      '',
    ].join('\n'));
    const options = { config: DEFAULT_CONFIG, modes: ['PP', 'PS'] as const, jobs: 2, workerEntry: slowFirst };
    await expect(runExperiments(['fc-small'], options)).rejects.toThrow(/^unit 0 failed$/);
  });

  it('errors cross the thread boundary as their own class with their fields', () => {
    const config = deserializeError(serializeError(new ConfigError('l1.ways', 'must be a power of two')));
    expect(config).toBeInstanceOf(ConfigError);
    expect((config as ConfigError).key).toBe('l1.ways');
    expect(config.message).toBe('config: l1.ways: must be a power of two');
    const shape = deserializeError(serializeError(new KernelShapeError('fc', 'outFeatures must be positive')));
    expect(shape).toBeInstanceOf(KernelShapeError);
    expect(shape.message).toBe('fc: outFeatures must be positive');
    const other = deserializeError(serializeError(new RangeError('boom')));
    expect(other).toBeInstanceOf(Error);
    expect(other.name).toBe('RangeError');
    expect(other.message).toBe('boom');
  });
});

describe('gpesim experiment --jobs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gpesim-jobs-'));

  it('rejects --jobs 0 and --jobs x with a usage error (exit 2)', async () => {
    for (const bad of ['0', 'x', '-1', '1.5']) {
      const r = await cli(['experiment', 'fc-small', `--jobs=${bad}`], dir);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--jobs expects a positive integer or auto/);
      expect(r.out).toBe('');
    }
  });

  it('lists --jobs and its default in the usage text', async () => {
    const r = await cli(['experiment', '--help'], dir);
    expect(r.out).toMatch(/--jobs N\|auto\s+worker threads .* \(default\s+auto: \d+ here \(cores, at most one per GiB of memory\) for long experiments, 1 for/s);
  });

  it('auto: workers for experiments of minutes, none for runs of seconds', () => {
    const options = { config: DEFAULT_CONFIG };
    // Sequential host times measured: resnet 4.3 s, conv3x3 7.4 s (slower with workers);
    // conv-kernels 81 s, full alexnet ~1600 s (about twice as fast with 2).
    expect(defaultJobs(['resnet'], options)).toBe(1);
    expect(defaultJobs(['conv3x3'], options)).toBe(1);
    expect(defaultJobs(['alexnet'], { ...options, size: 'reduced' })).toBe(1);
    // Long ones: a worker per core, at most one per GiB of host memory.
    const workers = Math.max(1, Math.min(availableParallelism(), Math.floor(totalmem() / 2 ** 30)));
    expect(autoWorkers()).toBe(workers);
    expect(defaultJobs(['conv-kernels'], options)).toBe(workers);
    expect(defaultJobs(['alexnet'], options)).toBe(workers);
    // Only PP of full alexnet: still minutes.
    expect(defaultJobs(['alexnet'], { ...options, modes: ['PP'] })).toBe(workers);
  });

  it('--jobs 2 writes the same tables and CSV as --jobs 1; a worker failure exits as sequential', async () => {
    const one = await cli(['experiment', 'conv1x1', '--modes', 'SP,PS,PP', '--jobs', '1', '--csv', 'one.csv'], dir);
    const two = await cli(['experiment', 'conv1x1', '--modes', 'SP,PS,PP', '--jobs', '2', '--csv', 'two.csv'], dir);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(two.err).toBe('');
    const tables = (t: string): string => t.replace(/host time [\d.]+ s/, '');
    expect(tables(two.out)).toBe(tables(one.out));
    expect(readFileSync(join(dir, 'two.csv'), 'utf8')).toBe(readFileSync(join(dir, 'one.csv'), 'utf8'));
    const bad = ['experiment', 'alexnet', '--size', 'reduced', '--batch', '100000'];
    const seq = await cli([...bad, '--jobs', '1'], dir);
    const par = await cli([...bad, '--jobs', '2'], dir);
    expect(seq.code).toBe(1);
    expect(par.code).toBe(1);
    expect(par.err).toBe(seq.err);
    expect(par.err).toMatch(/^gpesim experiment: alexnet: [\d.]+ MiB of tensors do not fit in emulated memory\n$/);
  });
});
