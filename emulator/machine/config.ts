// The machine configuration: one typed, frozen object that every timed component reads. Defaults
// are the machine of docs/MACHINE.md (4 tiles x 16 GPEs at 1 GHz, L1 16 x 4 KiB banks per tile,
// L2 4 x 16 KiB banks); every default is documented there with its reason, every energy constant
// in docs/ENERGY.md with its source. A configuration is built from the defaults plus a partial
// override (`defineConfig`), a JSON file (`loadConfigFile`) and `--set key=value` strings
// (`applySetting`); unknown keys and impossible values are rejected with the key named.

import { readFileSync } from 'node:fs';

export type CacheMode = 'shared' | 'private';
export type Replacement = 'lru' | 'fifo' | 'random';
export type StaleReadDetector = 'auto' | 'on' | 'off';

export interface CacheLevelConfig {
  /** Capacity of one bank in bytes. */
  readonly bankBytes: number;
  readonly ways: number;
  readonly replacement: Replacement;
  /** Misses outstanding per bank (MSHRs); a further miss waits for the oldest to complete. */
  readonly mshrs: number;
  /** Cycles to look the tag up (charged on hits and misses). */
  readonly tagLatency: number;
  /** Cycles to read or write the data array on a hit. */
  readonly dataLatency: number;
  /** Cycles to forward a fill to the requester once the level below answered. */
  readonly responseLatency: number;
  /** Mode at power-on; `--modes`/`--l1`/`--l2` and the mcachemode CSR change it. */
  readonly mode: CacheMode;
}

/** Core latencies in cycles, one per timing class of the instruction table (branches split). */
export interface CoreLatencies {
  readonly alu: number;
  readonly branchTaken: number;
  readonly branchNotTaken: number;
  readonly jump: number;
  readonly mul: number;
  readonly div: number;
  readonly fpAdd: number;
  readonly fpMul: number;
  readonly fpFma: number;
  readonly fpDiv: number;
  readonly fpSqrt: number;
  readonly fpMisc: number;
  /** Address generation before a load reaches L1; the hierarchy's latency comes on top. */
  readonly load: number;
  /** Address generation before a store reaches L1; the hierarchy's latency comes on top. */
  readonly store: number;
  /** Address generation before an atomic leaves the core; the hierarchy's latency comes on top. */
  readonly atomic: number;
  readonly csr: number;
  readonly fence: number;
  readonly system: number;
}

/** Energy per event in picojoules and static power in milliwatts; sources in docs/ENERGY.md. */
export interface EnergyConfig {
  /** Fetch (ideal instruction store), decode, register file and pipeline: every instruction. */
  readonly instructionBasePj: number;
  readonly aluPj: number;
  readonly branchPj: number;
  readonly mulPj: number;
  readonly divPj: number;
  readonly fpAddPj: number;
  readonly fpMulPj: number;
  readonly fpFmaPj: number;
  readonly fpDivSqrtPj: number;
  readonly fpMiscPj: number;
  /** Load/store/atomic address generation and load-store unit, excluding the cache access. */
  readonly memOpPj: number;
  readonly otherPj: number;
  /** L1 bank: one word read / written by a core. */
  readonly l1ReadPj: number;
  readonly l1WritePj: number;
  /** L1 bank: one whole line written (fill) or read (writeback). */
  readonly l1LinePj: number;
  /** L2 bank: one whole line read (fill to L1) or written (writeback, fill from memory). */
  readonly l2LinePj: number;
  /** Tile crossbar traversal (one request + one word response). */
  readonly l1XbarPj: number;
  /** L2 crossbar traversal (one request + one line response or one line writeback). */
  readonly l2XbarPj: number;
  /** Main memory: one line read or written. */
  readonly dramLinePj: number;
  /** One reconfiguration (mode switch control; the writebacks it causes are counted apart). */
  readonly reconfigPj: number;
  readonly coreStaticMw: number;
  readonly l1BankStaticMw: number;
  readonly l2BankStaticMw: number;
}

export interface MachineConfig {
  readonly tiles: number;
  readonly gpesPerTile: number;
  readonly clockGHz: number;
  /** Cache line size in bytes, shared by both levels (as gem5's system-wide cache_line_size). */
  readonly lineBytes: number;
  readonly l1: CacheLevelConfig;
  readonly l2: CacheLevelConfig;
  /** Cycles for one crossbar traversal, charged once on the way in and once on the way back. */
  readonly xbar: { readonly l1Latency: number; readonly l2Latency: number };
  /** Main memory: fixed latency plus a bandwidth queue (bytes per core clock cycle). */
  readonly dram: { readonly latency: number; readonly bytesPerCycle: number };
  readonly core: CoreLatencies;
  /** Fixed cycles charged for one reconfiguration, after its writebacks drained. */
  readonly reconfig: { readonly switchLatency: number };
  /**
   * Timed engine interleaving: 0 = event order (every memory access and mode switch is served in
   * simulated-time order; exact, the default); N >= 1 = windows of N cycles (1 = lockstep).
   * `slack` (event order, private L1 only): a GPE whose load or store hits its own private L1
   * bank is served at once while it is at most `slack` cycles past the earliest pending event;
   * such a hit touches nothing another GPE touches (docs/MACHINE.md "Slack"). 0 = off.
   */
  readonly scheduler: { readonly quantum: number; readonly slack: number };
  /** 'auto' = on when the machine has more than one cache domain (non-coherent copies). */
  readonly staleReads: StaleReadDetector;
  /** Seed of the random replacement policy (xorshift32; each bank derives its own stream). */
  readonly seed: number;
  readonly energy: EnergyConfig;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/**
 * Default `scheduler.slack` in cycles (docs/MACHINE.md "Slack"): enough that a GPE waits in the
 * heap only at its misses on full-size AlexNet conv layers (256 left 2 M extra hart switches).
 */
export const SLACK_DEFAULT = 1024;

export const DEFAULT_CONFIG: MachineConfig = deepFreeze({
  tiles: 4,
  gpesPerTile: 16,
  clockGHz: 1.0,
  lineBytes: 64,
  l1: {
    bankBytes: 4096,
    ways: 4,
    replacement: 'lru',
    mshrs: 4,
    tagLatency: 1,
    dataLatency: 1,
    responseLatency: 1,
    mode: 'shared',
  },
  l2: {
    bankBytes: 16384,
    ways: 4,
    replacement: 'lru',
    mshrs: 16,
    tagLatency: 10,
    dataLatency: 10,
    responseLatency: 1,
    mode: 'shared',
  },
  xbar: { l1Latency: 1, l2Latency: 2 },
  dram: { latency: 100, bytesPerCycle: 32 },
  core: {
    alu: 1,
    branchTaken: 3,
    branchNotTaken: 1,
    jump: 2,
    mul: 3,
    div: 34,
    fpAdd: 3,
    fpMul: 3,
    fpFma: 3,
    fpDiv: 27,
    fpSqrt: 27,
    fpMisc: 2,
    load: 1,
    store: 1,
    atomic: 1,
    csr: 1,
    fence: 1,
    system: 1,
  },
  reconfig: { switchLatency: 100 },
  scheduler: { quantum: 0, slack: SLACK_DEFAULT },
  staleReads: 'auto',
  seed: 1,
  energy: {
    instructionBasePj: 12,
    aluPj: 0.05,
    branchPj: 0.05,
    mulPj: 1.0,
    divPj: 4.0,
    fpAddPj: 0.3,
    fpMulPj: 1.1,
    fpFmaPj: 1.4,
    fpDivSqrtPj: 5.0,
    fpMiscPj: 0.2,
    memOpPj: 0.5,
    otherPj: 0.5,
    l1ReadPj: 2.0,
    l1WritePj: 2.2,
    l1LinePj: 9.0,
    l2LinePj: 20.0,
    l1XbarPj: 1.6,
    l2XbarPj: 58.0,
    dramLinePj: 2000.0,
    reconfigPj: 1000.0,
    coreStaticMw: 0.5,
    l1BankStaticMw: 0.05,
    l2BankStaticMw: 0.2,
  },
} satisfies MachineConfig);

/** A configuration error naming the offending key; the CLI prints `message` as is. */
export class ConfigError extends Error {
  constructor(
    readonly key: string,
    why: string,
  ) {
    super(`config: ${key}: ${why}`);
    this.name = 'ConfigError';
  }
}

// The schema: every leaf key with its kind. Unknown keys are those not listed here.
type LeafKind =
  | { readonly kind: 'int'; readonly min: number; readonly pow2?: boolean }
  | { readonly kind: 'number'; readonly min: number; readonly exclusiveMin?: boolean }
  | { readonly kind: 'enum'; readonly values: readonly string[] };

const INT0: LeafKind = { kind: 'int', min: 0 };
const INT1: LeafKind = { kind: 'int', min: 1 };
const NUM0: LeafKind = { kind: 'number', min: 0 };
const POSITIVE: LeafKind = { kind: 'number', min: 0, exclusiveMin: true };

function levelSchema(): Record<string, LeafKind> {
  return {
    bankBytes: INT1,
    ways: INT1,
    replacement: { kind: 'enum', values: ['lru', 'fifo', 'random'] },
    mshrs: INT1,
    tagLatency: INT0,
    dataLatency: INT0,
    responseLatency: INT0,
    mode: { kind: 'enum', values: ['shared', 'private'] },
  };
}

const SCHEMA: Record<string, LeafKind> = (() => {
  const s: Record<string, LeafKind> = {
    tiles: INT1,
    gpesPerTile: INT1,
    clockGHz: POSITIVE,
    lineBytes: { kind: 'int', min: 4, pow2: true },
    'xbar.l1Latency': INT0,
    'xbar.l2Latency': INT0,
    'dram.latency': INT0,
    'dram.bytesPerCycle': POSITIVE,
    'reconfig.switchLatency': INT0,
    'scheduler.quantum': INT0,
    'scheduler.slack': INT0,
    staleReads: { kind: 'enum', values: ['auto', 'on', 'off'] },
    seed: INT0,
  };
  for (const level of ['l1', 'l2']) {
    for (const [k, v] of Object.entries(levelSchema())) s[`${level}.${k}`] = v;
  }
  for (const k of Object.keys(DEFAULT_CONFIG.core)) s[`core.${k}`] = INT0;
  for (const k of Object.keys(DEFAULT_CONFIG.energy)) s[`energy.${k}`] = NUM0;
  return s;
})();

/** Every settable key, dotted, in schema order (for `--help` and docs). */
export const CONFIG_KEYS: readonly string[] = Object.freeze(Object.keys(SCHEMA));

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value as object)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function checkLeaf(key: string, spec: LeafKind, value: unknown): void {
  switch (spec.kind) {
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw new ConfigError(key, `expected an integer, got ${JSON.stringify(value)}`);
      if (value < spec.min) throw new ConfigError(key, spec.min === 0 ? `must not be negative (got ${value})` : `must be at least ${spec.min} (got ${value})`);
      if (spec.pow2 === true && (value & (value - 1)) !== 0) throw new ConfigError(key, `must be a power of two (got ${value})`);
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new ConfigError(key, `expected a number, got ${JSON.stringify(value)}`);
      if (value < spec.min || (spec.exclusiveMin === true && value === spec.min)) {
        throw new ConfigError(key, spec.exclusiveMin === true ? `must be positive (got ${value})` : `must not be negative (got ${value})`);
      }
      return;
    case 'enum':
      if (typeof value !== 'string' || !spec.values.includes(value)) {
        throw new ConfigError(key, `expected one of ${spec.values.join(', ')}, got ${JSON.stringify(value)}`);
      }
      return;
    default: {
      const never: never = spec;
      throw new Error(`unreachable ${String(never)}`);
    }
  }
}

/** Copies `override` over `base`, checking every key against the schema. */
function merge(base: Record<string, unknown>, override: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) {
    const key = prefix === '' ? k : `${prefix}.${k}`;
    if (!Object.prototype.hasOwnProperty.call(base, k)) throw new ConfigError(key, 'unknown key');
    const b = base[k];
    if (isPlainObject(b)) {
      if (!isPlainObject(v)) throw new ConfigError(key, 'expected an object');
      out[k] = merge(b, v, key);
    } else {
      const spec = SCHEMA[key];
      if (spec === undefined) throw new ConfigError(key, 'unknown key');
      checkLeaf(key, spec, v);
      out[k] = v;
    }
  }
  return out;
}

/** Cross-key checks: shapes that each key alone cannot rule out. */
function validate(c: MachineConfig): void {
  for (const level of ['l1', 'l2'] as const) {
    const l = c[level];
    const lineSet = c.lineBytes * l.ways;
    if (l.bankBytes % lineSet !== 0) {
      throw new ConfigError(`${level}.bankBytes`, `${l.bankBytes} B is not a whole number of sets of ${l.ways} ways x ${c.lineBytes} B lines`);
    }
    const sets = l.bankBytes / lineSet;
    if ((sets & (sets - 1)) !== 0) {
      throw new ConfigError(`${level}.bankBytes`, `${l.bankBytes} B gives ${sets} sets of ${l.ways} ways x ${c.lineBytes} B; the set count must be a power of two`);
    }
  }
  if (c.tiles * c.gpesPerTile > 4096) throw new ConfigError('tiles', `${c.tiles} x ${c.gpesPerTile} GPEs exceeds 4096 harts`);
}

/**
 * Builds a validated, frozen configuration from the defaults (or `base`) and a partial override.
 * Throws ConfigError naming the first bad key.
 */
export function defineConfig(override: DeepPartial<MachineConfig> = {}, base: MachineConfig = DEFAULT_CONFIG): MachineConfig {
  if (!isPlainObject(override)) throw new ConfigError('(root)', 'expected an object');
  const merged = merge(base as unknown as Record<string, unknown>, override as Record<string, unknown>, '') as unknown as MachineConfig;
  validate(merged);
  return deepFreeze(structuredClone(merged));
}

/** Parses a JSON configuration file (a partial MachineConfig) over `base`. */
export function loadConfigFile(path: string, base: MachineConfig = DEFAULT_CONFIG): MachineConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(path, `cannot read: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(path, `not valid JSON: ${(e as Error).message}`);
  }
  if (!isPlainObject(parsed)) throw new ConfigError(path, 'expected a JSON object');
  return defineConfig(parsed as DeepPartial<MachineConfig>, base);
}

/** Applies one `key=value` setting (as `--set l1.ways=8`) over `base`. */
export function applySetting(base: MachineConfig, setting: string): MachineConfig {
  const eq = setting.indexOf('=');
  if (eq <= 0) throw new ConfigError(setting, 'expected key=value');
  const key = setting.slice(0, eq).trim();
  const raw = setting.slice(eq + 1).trim();
  const spec = SCHEMA[key];
  if (spec === undefined) throw new ConfigError(key, 'unknown key');
  let value: unknown = raw;
  if (spec.kind !== 'enum') {
    if (raw === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^0x[0-9a-fA-F]+$/.test(raw)) {
      throw new ConfigError(key, `expected a number, got '${raw}'`);
    }
    value = Number(raw);
  }
  const override: Record<string, unknown> = {};
  const parts = key.split('.');
  let node = override;
  for (let i = 0; i < parts.length - 1; i++) {
    const next: Record<string, unknown> = {};
    node[parts[i]!] = next;
    node = next;
  }
  node[parts[parts.length - 1]!] = value;
  return defineConfig(override as DeepPartial<MachineConfig>, base);
}

/** Applies several settings in order. */
export function applySettings(base: MachineConfig, settings: readonly string[]): MachineConfig {
  let c = base;
  for (const s of settings) c = applySetting(c, s);
  return c;
}

/** The four configurations of the paper, L1 mode first: S = shared, P = private. */
export type ModeName = 'SS' | 'SP' | 'PS' | 'PP';
export const MODE_NAMES: readonly ModeName[] = Object.freeze(['SS', 'SP', 'PS', 'PP'] as const);

export function parseModes(text: string): ModeName[] {
  const t = text.trim().toUpperCase();
  if (t === 'ALL') return [...MODE_NAMES];
  const out: ModeName[] = [];
  for (const part of t.split(',')) {
    if (!(MODE_NAMES as readonly string[]).includes(part)) {
      throw new ConfigError('--modes', `expected SS, SP, PS, PP, a comma list of them, or all (got '${text}')`);
    }
    out.push(part as ModeName);
  }
  return out;
}

/** The configuration with both levels' modes set from a mode name. */
export function withModes(c: MachineConfig, modes: ModeName): MachineConfig {
  const mode = (ch: string): CacheMode => (ch === 'S' ? 'shared' : 'private');
  return defineConfig({ l1: { mode: mode(modes[0]!) }, l2: { mode: mode(modes[1]!) } }, c);
}

export function modeName(l1: CacheMode, l2: CacheMode): ModeName {
  return `${l1 === 'shared' ? 'S' : 'P'}${l2 === 'shared' ? 'S' : 'P'}` as ModeName;
}

/** Sets in one bank of a level. */
export function setsPerBank(c: MachineConfig, level: 'l1' | 'l2'): number {
  return c[level].bankBytes / (c.lineBytes * c[level].ways);
}
