// Runs an assembly kernel under qemu-riscv32 with GNU as + ld, before gpesim can: a generated
// `_start` calls the kernel once per worker index 0..W-1 on one hart (valid because workers write
// disjoint outputs), checks that the callee-saved registers survived each call, then writes every
// output tensor's bits (plus a guard zone behind it) to stdout.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DESCRIPTOR_FIELDS, DescribedKernel, entrySymbol, scratchFloats, workShare } from '../../kernels/reference';

const AS = 'riscv64-unknown-elf-as';
const LD = 'riscv64-unknown-elf-ld';
const NM = 'riscv64-unknown-elf-nm';
const QEMU = 'qemu-riscv32';
const MARCH = ['-march=rv32imaf_zicsr_zifencei', '-mabi=ilp32f', '-mno-relax'];

export const KERNEL_DIR = resolve(__dirname, '../../kernels');

function toolWorks(cmd: string): boolean {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

/** Which tool is missing, or undefined when as, ld and qemu-riscv32 are all there. */
export const missingTool: string | undefined = [AS, LD, NM, QEMU].find((t) => !toolWorks(t));

/** Words of the guard zone written behind each output; they must come back unchanged. */
export const GUARD_WORDS = 16;
/** A NaN payload nobody computes: any output element still holding it was never written. */
export const SENTINEL = 0x7fa5a5a5;

export type FieldValue = number | Float32Array | { readonly output: number };

export interface KernelRun {
  readonly kernel: DescribedKernel;
  /** Every descriptor field: an integer, an input tensor, or an output of n floats. */
  readonly fields: Readonly<Record<string, FieldValue>>;
  readonly workers: number;
  /** Assembly files under kernels/ to link (the kernel's own file and what it calls). */
  readonly sources: readonly string[];
  /** Also count the instructions executed inside the kernel files (qemu -singlestep log). */
  readonly countInstructions?: boolean;
  /**
   * Check, worker by worker, that each call writes only the output elements its share
   * (workShare, the documented mapping) gives it. On by default; off for large outputs.
   */
  readonly checkShares?: boolean;
}

export interface KernelResult {
  readonly outputs: Record<string, Float32Array>;
  /** Instructions executed at addresses of the kernel files (all workers), when asked for. */
  readonly instructions?: number;
}


/** Lowest address of a kernel_* / gpe_* symbol: the harness text lies below it. */
function kernelTextStart(dir: string): number {
  const out = spawnSync(NM, ['prog'], { cwd: dir, encoding: 'utf8' }).stdout;
  let lowest = Infinity;
  for (const line of out.split('\n')) {
    const [addr, , name] = line.trim().split(/\s+/);
    if (addr && name && /^(kernel_|gpe_)/.test(name)) lowest = Math.min(lowest, parseInt(addr, 16));
  }
  if (!Number.isFinite(lowest)) throw new Error('harness: no kernel symbol in the linked program');
  return lowest;
}

function countKernelInstructions(dir: string, start: number): number {
  const log = readFileSync(join(dir, 'exec.log'), 'utf8');
  // Lines look like `Trace 0: 0x7f... [00000000/000100a0/00107600/00000201]`: the second field is the pc.
  let n = 0;
  for (const m of log.matchAll(/^Trace \d+: \S+ \[[0-9a-f]+\/([0-9a-f]+)\//gm)) if (parseInt(m[1]!, 16) >= start) n++;
  return n;
}

function wordsDirective(words: Uint32Array | number[]): string {
  const lines: string[] = [];
  for (let i = 0; i < words.length; i += 8) {
    const chunk = Array.from(words.slice(i, i + 8) as ArrayLike<number>, (w) => '0x' + (w >>> 0).toString(16));
    lines.push(`  .word ${chunk.join(', ')}`);
  }
  return lines.join('\n');
}

/**
 * The descriptor (label `descriptor`), inputs and sentinel-filled outputs (labels `t_<field>`);
 * scratch the kernel needs (abi.ts scratchFloats) and the fields do not give is zero-filled data.
 */
export function dataSection(run: Pick<KernelRun, 'kernel' | 'fields'>): { source: string; outputs: { label: string; bytes: number }[] } {
  const names = DESCRIPTOR_FIELDS[run.kernel] as readonly string[];
  const data: string[] = [];
  const descWords: string[] = [];
  const outputs: { label: string; bytes: number }[] = [];
  const ints: Record<string, number> = {};
  for (const [k, v] of Object.entries(run.fields)) if (typeof v === 'number') ints[k] = v;
  const scratch = scratchFloats(run.kernel, ints);
  for (const name of names) {
    const v = run.fields[name] ?? (scratch[name] !== undefined ? new Float32Array(scratch[name]) : undefined);
    if (v === undefined) throw new Error(`harness: descriptor field '${name}' of ${run.kernel} not given`);
    const label = `t_${name}`;
    if (typeof v === 'number') {
      descWords.push(String(v >>> 0));
    } else if (v instanceof Float32Array) {
      descWords.push(label);
      data.push(`  .balign 64\n${label}:\n${wordsDirective(new Uint32Array(v.buffer, v.byteOffset, v.length))}`);
    } else {
      descWords.push(label);
      const fill = new Array<number>(v.output + GUARD_WORDS).fill(SENTINEL);
      data.push(`  .balign 64\n${label}:\n${wordsDirective(fill)}`);
      outputs.push({ label, bytes: 4 * (v.output + GUARD_WORDS) });
    }
  }
  const source = `  .data
  .balign 64
descriptor:
  .word ${descWords.join(', ')}
${data.join('\n')}
`;
  return { source, outputs };
}

export function harnessSource(run: KernelRun): string {
  const { source: dataSource, outputs } = dataSection(run);
  const writes = outputs
    .map((o) => `  li a0, 1\n  la a1, ${o.label}\n  li a2, ${o.bytes}\n  li a7, 64\n  ecall\n  li t0, ${o.bytes}\n  bne a0, t0, fail`)
    .join('\n');
  // With checkShares (the default) the outputs are written before the first call and after every
  // call; without, once at the end.
  const tracing = run.checkShares !== false;
  const perWorker = tracing ? writes : '';
  const atEnd = tracing ? '' : writes;
  // Callee-saved registers get known values before each call and are compared after it.
  const setSaved = [
    ...Array.from({ length: 9 }, (_, i) => `  li s${i + 3}, ${0x1000 + i}`),
    ...Array.from({ length: 12 }, (_, i) => `  li t0, ${0x3f800000 + (i << 16)}\n  fmv.w.x fs${i}, t0`),
  ].join('\n');
  const checkSaved = [
    ...Array.from({ length: 9 }, (_, i) => `  li t0, ${0x1000 + i}\n  bne s${i + 3}, t0, clobbered`),
    ...Array.from({ length: 12 }, (_, i) => `  fmv.x.w t1, fs${i}\n  li t0, ${0x3f800000 + (i << 16)}\n  bne t1, t0, clobbered`),
  ].join('\n');
  return `  .text
  .globl _start
_start:
${perWorker}
  li s0, 0
  li s1, ${run.workers}
next_worker:
${setSaved}
  mv s2, sp
  la a0, descriptor
  mv a1, s0
  mv a2, s1
  call ${entrySymbol(run.kernel)}
  bne s2, sp, clobbered
${checkSaved}
${perWorker}
  addi s0, s0, 1
  blt s0, s1, next_worker
${atEnd}
  li a0, 0
  li a7, 93
  ecall
clobbered:
  li a0, 3
  li a7, 93
  ecall
fail:
  li a0, 4
  li a7, 93
  ecall

${dataSource}`;
}

function run(cmd: string, args: string[], cwd: string): Buffer {
  const r = spawnSync(cmd, args, { cwd, maxBuffer: 256 << 20, timeout: 60_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}${r.status === 3 ? ' (kernel clobbered a callee-saved register or sp)' : ''}\n${r.stderr.toString()}`);
  }
  return r.stdout;
}

/** Assembles, links and runs; returns each output tensor (throws on guard-zone damage). */
export function runKernel(spec: KernelRun): KernelResult {
  const dir = mkdtempSync(join(tmpdir(), 'gpesim-kernel-'));
  try {
    writeFileSync(join(dir, 'harness.s'), harnessSource(spec));
    const objects = ['harness.o'];
    run(AS, [...MARCH, 'harness.s', '-o', 'harness.o'], dir);
    spec.sources.forEach((src, i) => {
      const obj = `k${i}.o`;
      run(AS, [...MARCH, join(KERNEL_DIR, src), '-o', obj], dir);
      objects.push(obj);
    });
    run(LD, ['-m', 'elf32lriscv', '--no-relax', ...objects, '-o', 'prog'], dir);
    const qemuArgs = spec.countInstructions ? ['-singlestep', '-d', 'exec,nochain', '-D', 'exec.log', './prog'] : ['./prog'];
    const out = run(QEMU, qemuArgs, dir);
    const bytes = new Uint8Array(out.buffer, out.byteOffset, out.length).slice();
    const words = new Uint32Array(bytes.buffer);
    const outs: { name: string; n: number }[] = [];
    for (const name of DESCRIPTOR_FIELDS[spec.kernel] as readonly string[]) {
      const v = spec.fields[name];
      if (v !== undefined && typeof v !== 'number' && !(v instanceof Float32Array)) outs.push({ name, n: v.output });
    }
    const dumpWords = outs.reduce((a, o) => a + o.n + GUARD_WORDS, 0);
    const dumps = spec.checkShares === false ? 1 : spec.workers + 1;
    if (words.length !== dumps * dumpWords) throw new Error(`harness: expected ${dumps * dumpWords} words of output, got ${words.length}`);
    if (spec.checkShares !== false) checkShares(spec, words, outs, dumpWords);
    const result: Record<string, Float32Array> = {};
    let at = (dumps - 1) * dumpWords;
    for (const { name, n } of outs) {
      for (let g = 0; g < GUARD_WORDS; g++) {
        if (words[at + n + g] !== SENTINEL) throw new Error(`${spec.kernel}: write past the end of output '${name}' (guard word ${g})`);
      }
      result[name] = new Float32Array(bytes.buffer, at * 4, n).slice();
      at += n + GUARD_WORDS;
    }
    if (!spec.countInstructions) return { outputs: result };
    return { outputs: result, instructions: countKernelInstructions(dir, kernelTextStart(dir)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** First index where two tensors differ in bits (NaN payloads included), or -1. */
export function firstBitMismatch(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < a.length; i++) if (ua[i] !== ub[i]) return i;
  return -1;
}

/** Each worker's call may change only the elements of its documented share. */
function checkShares(spec: KernelRun, words: Uint32Array, outs: { name: string; n: number }[], dumpWords: number): void {
  const dims: Record<string, number> = {};
  for (const [k, v] of Object.entries(spec.fields)) if (typeof v === 'number') dims[k] = v;
  for (let w = 0; w < spec.workers; w++) {
    const share = workShare(spec.kernel, dims, w, spec.workers);
    let at = 0;
    for (const { name, n } of outs) {
      const allowed = new Uint8Array(n);
      for (const [s, e] of share[name] ?? []) allowed.fill(1, s, e);
      const before = w * dumpWords + at;
      const after = (w + 1) * dumpWords + at;
      for (let i = 0; i < n; i++) {
        if (words[before + i] !== words[after + i] && !allowed[i]) {
          throw new Error(`${spec.kernel}: worker ${w} of ${spec.workers} wrote ${name}[${i}], outside its share`);
        }
      }
      at += n + GUARD_WORDS;
    }
  }
}
