import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applySettings,
  ConfigError,
  DEFAULT_CONFIG,
  defineConfig,
  loadConfigFile,
  parseModes,
  setsPerBank,
  withModes,
} from '../../emulator/machine/config';

function errorOf(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('machine configuration', () => {
  it('defaults are the paper machine', () => {
    const c = defineConfig();
    expect(c.tiles * c.gpesPerTile).toBe(64);
    expect(c.clockGHz).toBe(1);
    expect(c.l1.bankBytes).toBe(4096);
    expect(c.l2.bankBytes).toBe(16384);
    expect(setsPerBank(c, 'l1')).toBe(16);
    expect(setsPerBank(c, 'l2')).toBe(64);
    expect(Object.isFrozen(c.l1)).toBe(true);
  });

  it('overrides by object, file and --set, in that order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gpesim-config-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ l1: { ways: 2 }, dram: { latency: 80 } }));
    const fromFile = loadConfigFile(file);
    expect(fromFile.l1.ways).toBe(2);
    expect(fromFile.dram.latency).toBe(80);
    const c = applySettings(fromFile, ['l1.ways=8', 'dram.latency=120', 'l2.replacement=fifo']);
    expect(c.l1.ways).toBe(8);
    expect(c.dram.latency).toBe(120);
    expect(c.l2.replacement).toBe('fifo');
    expect(DEFAULT_CONFIG.l1.ways).toBe(4);
  });

  it.each([
    [() => defineConfig({ l1: { bankBytes: 4000 } }), 'l1.bankBytes', 'whole number of sets'],
    [() => defineConfig({ l2: { ways: 0 } }), 'l2.ways', 'at least 1'],
    [() => defineConfig({ dram: { latency: -5 } }), 'dram.latency', 'negative'],
    [() => defineConfig({ lineBytes: 48 }), 'lineBytes', 'power of two'],
    [() => defineConfig({ l1: { bankBytes: 3 * 4096 } }), 'l1.bankBytes', 'power of two'],
    [() => applySettings(DEFAULT_CONFIG, ['l1.wayz=8']), 'l1.wayz', 'unknown key'],
    [() => applySettings(DEFAULT_CONFIG, ['core.mul=fast']), 'core.mul', 'expected a number'],
    [() => applySettings(DEFAULT_CONFIG, ['l1.replacement=plru']), 'l1.replacement', 'expected one of'],
    [() => defineConfig({ l3: { ways: 2 } } as never), 'l3', 'unknown key'],
    [() => applySettings(DEFAULT_CONFIG, ['dram.latency']), 'dram.latency', 'key=value'],
  ])('rejects %#: names %s', (f, key, why) => {
    const e = errorOf(f);
    expect(e.key).toBe(key);
    expect(e.message).toContain(key);
    expect(e.message).toContain(why);
  });

  it('rejects a bad JSON file with its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gpesim-config-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{ l1: ');
    expect(errorOf(() => loadConfigFile(file)).message).toContain('not valid JSON');
    expect(errorOf(() => loadConfigFile(join(dir, 'missing.json'))).message).toContain('cannot read');
  });

  it('mode names', () => {
    expect(parseModes('all')).toEqual(['SS', 'SP', 'PS', 'PP']);
    expect(parseModes('ps')).toEqual(['PS']);
    const c = withModes(DEFAULT_CONFIG, 'PS');
    expect([c.l1.mode, c.l2.mode]).toEqual(['private', 'shared']);
    expect(errorOf(() => parseModes('XS')).key).toBe('--modes');
  });
});
