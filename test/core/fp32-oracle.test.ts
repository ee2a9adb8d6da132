/**
 * Differential test of emulator/core/fp32.ts against real RV32F instructions executed by
 * qemu-riscv32 (QEMU's SoftFloat is an independent exact implementation). test/core/fp-oracle/
 * oracle.c is compiled once (cached in the temp dir by source hash), fed every vector in ONE qemu
 * run, and every result and fflags value must match bit for bit.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  f32Add,
  f32Class,
  f32Div,
  f32Eq,
  f32Le,
  f32Lt,
  f32Max,
  f32Min,
  f32Mul,
  f32MulAdd,
  f32Sqrt,
  f32Sub,
  f32ToI32,
  f32ToU32,
  fpStatus,
  i32ToF32,
  u32ToF32,
} from '../../emulator/core/fp32';
import {
  boundaryPair,
  fmaMidpointTrap,
  OracleOp,
  type OracleOpName,
  pack,
  randF32,
  randI32,
  relatedF32,
  Rng,
} from './fp-oracle/vectors';

const GCC = 'riscv64-unknown-elf-gcc';
const QEMU = 'qemu-riscv32';

function toolWorks(cmd: string): boolean {
  const r = spawnSync(cmd, ['--version'], { stdio: 'ignore' });
  return r.status === 0;
}
const missing = [GCC, QEMU].filter((t) => !toolWorks(t));
if (missing.length > 0) {
  console.warn(`fp32 oracle test SKIPPED: missing ${missing.join(', ')}`);
}

const SOURCE = join(__dirname, 'fp-oracle', 'oracle.c');

function buildOracle(): string {
  const src = readFileSync(SOURCE);
  const hash = createHash('sha256').update(src).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'gpesim-fp-oracle');
  const exe = join(dir, `oracle-${hash}`);
  if (existsSync(exe)) return exe;
  mkdirSync(dir, { recursive: true });
  const tmp = `${exe}.${process.pid}.tmp`;
  const r = spawnSync(
    GCC,
    ['-march=rv32imaf_zicsr', '-mabi=ilp32f', '-O2', '-nostdlib', '-static', '-ffreestanding', '-o', tmp, SOURCE],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`${GCC} failed on ${SOURCE}:\n${r.stderr}`);
  renameSync(tmp, exe);
  return exe;
}

const RM_NAMES = ['rne', 'rtz', 'rdn', 'rup', 'rmm'];
const SIGN = 0x80000000;
const MIN_SUB_BITS = 0x00000001;

/** Our implementation of one oracle op; returns the result (flags land in fpStatus). */
function ours(op: number, rm: number, a: number, b: number, c: number): number {
  switch (op) {
    case OracleOp.fadd:
      return f32Add(a, b, rm);
    case OracleOp.fsub:
      return f32Sub(a, b, rm);
    case OracleOp.fmul:
      return f32Mul(a, b, rm);
    case OracleOp.fdiv:
      return f32Div(a, b, rm);
    case OracleOp.fsqrt:
      return f32Sqrt(a, rm);
    // The hart builds the fused variants by flipping sign bits, exactly like this.
    case OracleOp.fmadd:
      return f32MulAdd(a, b, c, rm);
    case OracleOp.fmsub:
      return f32MulAdd(a, b, c ^ SIGN, rm);
    case OracleOp.fnmsub:
      return f32MulAdd(a ^ SIGN, b, c, rm);
    case OracleOp.fnmadd:
      return f32MulAdd(a ^ SIGN, b, c ^ SIGN, rm);
    case OracleOp.fmin:
      return f32Min(a, b);
    case OracleOp.fmax:
      return f32Max(a, b);
    case OracleOp.feq:
      return f32Eq(a, b);
    case OracleOp.flt:
      return f32Lt(a, b);
    case OracleOp.fle:
      return f32Le(a, b);
    case OracleOp.fclass:
      return f32Class(a);
    case OracleOp.fcvtWS:
      return f32ToI32(a, rm);
    case OracleOp.fcvtWuS:
      return f32ToU32(a, rm);
    case OracleOp.fcvtSW:
      return i32ToF32(a | 0, rm);
    case OracleOp.fcvtSWu:
      return u32ToF32(a, rm);
    default:
      throw new Error(`unknown op ${op}`);
  }
}

const ROUNDED_OPS: OracleOpName[] = [
  'fadd', 'fsub', 'fmul', 'fdiv', 'fsqrt', 'fmadd', 'fmsub', 'fnmsub', 'fnmadd', 'fcvtWS', 'fcvtWuS', 'fcvtSW', 'fcvtSWu',
];
const UNROUNDED_OPS: OracleOpName[] = ['fmin', 'fmax', 'feq', 'flt', 'fle', 'fclass'];
/** Ops whose result is an int32: the bit-pattern results and fcvt.w.s. */
const INT32_RESULT = new Set<number>(
  (['fadd', 'fsub', 'fmul', 'fdiv', 'fsqrt', 'fmadd', 'fmsub', 'fnmsub', 'fnmadd', 'fmin', 'fmax', 'fcvtSW', 'fcvtSWu', 'fcvtWS'] as const).map((n) => OracleOp[n]),
);
// FP_ORACLE_SCALE / FP_ORACLE_SEED enlarge or vary the run for exploration; CI uses the defaults.
const SCALE = Number(process.env.FP_ORACLE_SCALE ?? 1) || 1;
const SEED = Number(process.env.FP_ORACLE_SEED ?? 0x5eedf32) >>> 0;
const PER_RM = Math.round(6000 * SCALE); // vectors per rounding mode for rounded ops
const UNROUNDED = Math.round(12000 * SCALE); // vectors for ops without a rounding mode

function operands(r: Rng, name: OracleOpName): [number, number, number] {
  switch (name) {
    case 'fadd':
    case 'fsub': {
      const a = randF32(r);
      return [a, r.below(3) === 0 ? randF32(r) : relatedF32(r, a, 'add'), 0];
    }
    case 'fmul': {
      if (r.below(4) === 0) return [...boundaryPair(r, 'mul'), 0];
      const a = randF32(r);
      return [a, r.below(3) === 0 ? randF32(r) : relatedF32(r, a, 'mul'), 0];
    }
    case 'fdiv': {
      const k = r.below(4);
      if (k === 0) return [...boundaryPair(r, 'div'), 0];
      if (k === 1) {
        // a = b*q rounded: the quotient a/b lies within an ulp of the float q (near-exact cases)
        const b = randF32(r);
        return [f32Mul(b, randF32(r), r.below(5)), b, 0];
      }
      const a = randF32(r);
      return [a, r.below(3) === 0 ? randF32(r) : relatedF32(r, a, 'div'), 0];
    }
    case 'fmadd':
    case 'fmsub':
    case 'fnmsub':
    case 'fnmadd': {
      const pick = r.below(8);
      if (pick === 0) return fmaMidpointTrap(r);
      if (pick === 1) {
        // product near 2^-126 or 2^128 plus a zero, a tiny or a cancelling addend
        const [a, b] = boundaryPair(r, 'mul');
        const p = f32Mul(a, b, 1);
        const c = [0, randF32(r), ((p & ~0xf) | (r.next() & 0xf)) ^ SIGN, MIN_SUB_BITS * (1 + r.below(4))][r.below(4)];
        return [a, b, c >>> 0];
      }
      const a = randF32(r);
      const b = r.below(2) === 0 ? randF32(r) : relatedF32(r, a, 'mul');
      let c: number;
      const k = r.below(4);
      if (k === 0) c = randF32(r);
      else {
        // c near +-a*b: massive cancellation, or far below it: ties and sticky bits
        const p = f32Mul(a, b, 0);
        c = k === 1 ? ((p & ~0x3f) | (r.next() & 0x3f)) >>> 0 : relatedF32(r, p, 'add');
        if (r.bool()) c = (c ^ SIGN) >>> 0;
      }
      return [a, b, c];
    }
    case 'fsqrt': {
      const k = r.below(5);
      if (k === 0) return [randF32(r), 0, 0]; // negatives, NaNs, infinities included
      if (k === 1) {
        // exact squares of 12-bit significands at any scale (some subnormal): exact roots
        const m = 2048 + r.below(2048);
        const sq = f32Mul(pack(false, 96 + r.below(64), (m & 0x7ff) << 12), pack(false, 127, (m & 0x7ff) << 12), 0);
        return [f32Mul(sq, pack(false, 1 + r.below(200), 0), 0), 0, 0];
      }
      if (k === 2) {
        // a = q*q rounded: the root lies within half an ulp of q
        const q = randF32(r) & 0x7fffffff;
        return [f32Mul(q, q, r.below(5)), 0, 0];
      }
      return [randF32(r) & 0x7fffffff, 0, 0];
    }
    case 'fcvtSW':
    case 'fcvtSWu':
      return [randI32(r), 0, 0];
    case 'fmin':
    case 'fmax':
    case 'feq':
    case 'flt':
    case 'fle': {
      const a = randF32(r);
      const k = r.below(4);
      const b = k === 0 ? a : k === 1 ? (a ^ SIGN) >>> 0 : randF32(r);
      return [a, b, 0];
    }
    default:
      return [randF32(r), 0, 0];
  }
}

interface Batch {
  op: number;
  name: OracleOpName;
  start: number;
  count: number;
}

describe.skipIf(missing.length > 0)('fp32 against qemu-riscv32 (SoftFloat)', () => {
  const batches: Batch[] = [];
  let input = new Uint32Array(0);
  let output = new Uint32Array(0);

  beforeAll(() => {
    const exe = buildOracle();
    const rng = new Rng(SEED);
    const records: number[] = [];
    const push = (name: OracleOpName, rms: number[], perRm: number) => {
      const start = records.length / 5;
      for (const rm of rms) {
        for (let i = 0; i < perRm; i++) {
          const [a, b, c] = operands(rng, name);
          records.push(OracleOp[name], rm, a >>> 0, b >>> 0, c >>> 0);
        }
      }
      batches.push({ op: OracleOp[name], name, start, count: records.length / 5 - start });
    };
    for (const name of ROUNDED_OPS) push(name, [0, 1, 2, 3, 4], PER_RM);
    for (const name of UNROUNDED_OPS) push(name, [0], UNROUNDED);
    input = Uint32Array.from(records);
    const r = spawnSync(QEMU, [exe], {
      input: Buffer.from(input.buffer, input.byteOffset, input.byteLength),
      maxBuffer: (input.length / 5) * 8 + (1 << 20),
    });
    if (r.status !== 0) throw new Error(`${QEMU} ${exe} exited ${r.status}: ${r.stderr}`);
    const buf: Buffer = r.stdout;
    if (buf.length !== (input.length / 5) * 8) {
      throw new Error(`oracle returned ${buf.length} bytes for ${input.length / 5} records`);
    }
    output = new Uint32Array(buf.length / 4);
    for (let i = 0; i < output.length; i++) output[i] = buf.readUInt32LE(4 * i);
    // Coverage: how many vectors of each op raised each flag on qemu (NV DZ OF UF NX).
    const flagCounts = (b: Batch) => {
      const n = [0, 0, 0, 0, 0];
      for (let i = b.start; i < b.start + b.count; i++) {
        for (let f = 0; f < 5; f++) if ((output[2 * i + 1] >>> (4 - f)) & 1) n[f]++;
      }
      return n.join('/');
    };
    console.log(
      `fp32 oracle: ${input.length / 5} vectors in one qemu run; per op: count (NV/DZ/OF/UF/NX raised)\n` +
        batches.map((b) => `  ${b.name} ${b.count} (${flagCounts(b)})`).join('\n'),
    );
  });

  const hex = (v: number) => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
  for (const name of [...ROUNDED_OPS, ...UNROUNDED_OPS]) {
    it(`${name} matches bit for bit, flags included`, () => {
      const batch = batches.find((b) => b.name === name);
      expect(batch).toBeDefined();
      const { op, start, count } = batch!;
      const mismatches: string[] = [];
      const badForm: string[] = [];
      let failures = 0;
      for (let i = start; i < start + count; i++) {
        const rm = input[5 * i + 1];
        const a = input[5 * i + 2];
        const b = input[5 * i + 3];
        const c = input[5 * i + 4];
        fpStatus.flags = 0;
        const raw = ours(op, rm, a, b, c);
        const flags = fpStatus.flags;
        // The API's number forms: bit patterns and fcvt.w.s are int32 (so they cross calls V8
        // does not inline as small integers); fcvt.wu.s, 0/1 and fclass masks a non-negative uint32.
        const formOk = INT32_RESULT.has(op)
          ? raw === (raw | 0) && !Object.is(raw, -0)
          : Number.isInteger(raw) && raw >= 0 && raw <= 0xffffffff && !Object.is(raw, -0);
        if (!formOk) badForm.push(`${name}.${RM_NAMES[rm]}(${hex(a)}, ${hex(b)}, ${hex(c)}) returned ${raw}`);
        const res = raw >>> 0;
        const want = output[2 * i];
        const wantFlags = output[2 * i + 1];
        if (res !== want || flags !== wantFlags) {
          failures++;
          if (mismatches.length < 12) {
            mismatches.push(
              `${name}.${RM_NAMES[rm]}(${hex(a)}, ${hex(b)}, ${hex(c)}): got ${hex(res)} flags ${flags.toString(2)}, ` +
                `qemu ${hex(want)} flags ${wantFlags.toString(2)}`,
            );
          }
        }
      }
      if (failures > 0) mismatches.push(`${failures} of ${count} vectors differ`);
      expect(mismatches).toEqual([]);
      expect(badForm.slice(0, 5)).toEqual([]);
    });
  }
});
