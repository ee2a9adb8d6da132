// The kernel ABI as data: kernel ids, entry symbols and descriptor layouts. docs/KERNELS.md
// describes the same layouts; the host runtime and the test harnesses build descriptors from here
// so that no offset is typed twice.

export const KERNEL_IDS = [
  'fc', 'conv2d', 'conv1x1', 'pad', 'maxpool', 'avgpool', 'batchnorm',
  'add', 'mul', 'relu', 'sigmoid', 'tanh', 'lstm-cell', 'lstm',
] as const;
export type KernelId = (typeof KERNEL_IDS)[number];

/** FC activation codes (descriptor field `act`). */
export const ACTIVATION = Object.freeze({ none: 0, relu: 1, sigmoid: 2 });
export type Activation = keyof typeof ACTIVATION;

/**
 * Descriptor fields per kernel, in order: field i is the 32-bit word at byte offset 4*i. Pointer
 * fields hold byte addresses of float32 tensors; the others are unsigned integers, except `eps`
 * (float32 bits). `lstm` has no descriptor: it is a host-side sequence of `lstm-cell` launches.
 */
export const DESCRIPTOR_FIELDS = Object.freeze({
  fc: ['x', 'w', 'bias', 'y', 'batch', 'inFeatures', 'outFeatures', 'act', 'scratch'],
  conv2d: ['x', 'w', 'bias', 'y', 'batch', 'cin', 'h', 'w_', 'cout', 'k', 'stride', 'pad', 'ho', 'wo'],
  conv1x1: ['x', 'w', 'bias', 'y', 'batch', 'cin', 'hw', 'cout'],
  pad: ['x', 'y', 'planes', 'h', 'w_', 'pad'],
  maxpool: ['x', 'y', 'planes', 'h', 'w_', 'k', 'stride', 'ho', 'wo'],
  avgpool: ['x', 'y', 'planes', 'h', 'w_', 'k', 'stride', 'ho', 'wo'],
  batchnorm: ['x', 'y', 'gamma', 'beta', 'batch', 'c', 'hw', 'eps'],
  add: ['a', 'b', 'y', 'count'],
  mul: ['a', 'b', 'y', 'count'],
  relu: ['x', 'y', 'count'],
  sigmoid: ['x', 'y', 'count'],
  tanh: ['x', 'y', 'count'],
  'lstm-cell': ['x', 'h', 'c', 'wx', 'uh', 'b', 'hOut', 'cOut', 'inFeatures', 'hidden', 'scratch'],
} as const satisfies Record<Exclude<KernelId, 'lstm'>, readonly string[]>);

export type DescribedKernel = keyof typeof DESCRIPTOR_FIELDS;

/** The files under kernels/ that a kernel needs linked (besides launch.s). */
export const KERNEL_SOURCES: { readonly [K in DescribedKernel]: readonly string[] } = Object.freeze({
  fc: ['fc.s', 'math.s'],
  conv2d: ['conv2d.s'],
  conv1x1: ['conv1x1.s'],
  pad: ['pad.s'],
  maxpool: ['pool.s'],
  avgpool: ['pool.s'],
  batchnorm: ['batchnorm.s'],
  add: ['elementwise.s', 'math.s'],
  mul: ['elementwise.s', 'math.s'],
  relu: ['elementwise.s', 'math.s'],
  sigmoid: ['elementwise.s', 'math.s'],
  tanh: ['elementwise.s', 'math.s'],
  'lstm-cell': ['lstm.s', 'math.s'],
});

/** The entry symbol of a kernel: `kernel_` + id with `-` turned into `_`. */
export function entrySymbol(id: DescribedKernel): string {
  return `kernel_${id.replace(/-/g, '_')}`;
}

/** Byte offset of a descriptor field. */
export function fieldOffset(id: DescribedKernel, field: string): number {
  const i = (DESCRIPTOR_FIELDS[id] as readonly string[]).indexOf(field);
  if (i < 0) throw new Error(`kernel '${id}' has no descriptor field '${field}'`);
  return 4 * i;
}

/** Elements per 64-byte cache line: element-wise work is split on this granularity. */
export const LINE_FLOATS = 16;

/**
 * Scratch tensors a kernel needs besides its inputs and outputs (descriptor field -> floats),
 * from the descriptor's integer fields. The host allocates them 64-byte aligned and zero-filled
 * once; the kernel leaves them all zero again, so any later launch (any shape) can reuse them
 * (the runtime keeps one area per field, grown when a launch needs more; fc and lstm-cell share
 * the one named `scratch`). With L = (n + 30) >> 4 lines (what an output of n floats spans at
 * any word alignment): lstm-cell (n = hidden): hOut slots 16 L, cOut slots 16 L, hOut counters L,
 * cOut counters L; fc (n = batch * outFeatures, y seen flat): slots 16 L, counters L
 * (docs/KERNELS.md).
 */
export function scratchFloats(id: DescribedKernel, d: Readonly<Record<string, number>>): Record<string, number> {
  const need = (name: string): number => {
    const v = d[name];
    if (v === undefined) throw new Error(`scratchFloats(${id}): field '${name}' missing`);
    return v;
  };
  if (id === 'lstm-cell') return { scratch: 34 * ((need('hidden') + 30) >> 4) };
  if (id === 'fc') return { scratch: 17 * ((need('batch') * need('outFeatures') + 30) >> 4) };
  return {};
}

/** The contiguous range [start, end) of `count` items that worker `w` of `workers` owns. */
export function blockRange(count: number, w: number, workers: number): [number, number] {
  const per = Math.ceil(count / workers);
  const start = Math.min(count, w * per);
  return [start, Math.min(count, start + per)];
}

/** Like blockRange, but block sizes are multiples of LINE_FLOATS (element-wise kernels). */
export function lineBlockRange(count: number, w: number, workers: number): [number, number] {
  const per = Math.ceil(count / workers / LINE_FLOATS) * LINE_FLOATS;
  const start = Math.min(count, w * per);
  return [start, Math.min(count, start + per)];
}

/**
 * The descriptor of a launch as 32-bit words, in the layout of DESCRIPTOR_FIELDS: every field
 * must be given (addresses already resolved, `eps` as float32 bits), unknown fields are refused.
 */
export function descriptorWords(id: DescribedKernel, values: Readonly<Record<string, number>>): Uint32Array {
  const fields = DESCRIPTOR_FIELDS[id] as readonly string[];
  for (const name of Object.keys(values)) {
    if (!fields.includes(name)) throw new Error(`kernel '${id}' has no descriptor field '${name}' (fields: ${fields.join(', ')})`);
  }
  const words = new Uint32Array(fields.length);
  fields.forEach((name, i) => {
    const v = values[name];
    if (v === undefined) throw new Error(`kernel '${id}': descriptor field '${name}' is missing`);
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error(`kernel '${id}': descriptor field '${name}' must be a 32-bit unsigned integer, got ${v}`);
    words[i] = v;
  });
  return words;
}

/** Half-open element ranges [start, end) of one output tensor. */
export type Ranges = [number, number][];

/**
 * Planes handed out round robin (plane i to worker i mod W), but each 64-byte line of the output
 * belongs to the worker of the plane holding the line's first word: the worker of plane i writes
 * the flat range [up16(i*size), up16((i+1)*size)) (capped at the tensor's end), i.e. plane i from
 * its first line start on, plus the head of the following plane(s) up to the end of that line.
 * With size a multiple of 16 that is exactly plane i. (conv2d, conv1x1, pad.)
 */
const lineOwnedPlanes = (count: number, w: number, workers: number, size: number): Ranges => {
  const out: Ranges = [];
  const total = count * size;
  const up = (f: number): number => Math.min(total, Math.ceil(f / LINE_FLOATS) * LINE_FLOATS);
  for (let i = w; i < count; i += workers) {
    const s = up(i * size);
    const e = up((i + 1) * size);
    if (s < e) out.push([s, e]);
  }
  return out;
};

/**
 * Which output elements worker `w` of `workers` writes, per output field, following the
 * mappings in docs/KERNELS.md. `d` holds the descriptor's integer fields (pointers are not
 * needed). The qemu tests check every kernel's writes against this, worker by worker.
 */
export function workShare(id: DescribedKernel, d: Readonly<Record<string, number>>, w: number, workers: number): Record<string, Ranges> {
  const get = (name: string): number => {
    const v = d[name];
    if (v === undefined) throw new Error(`workShare(${id}): field '${name}' missing`);
    return v;
  };
  switch (id) {
    case 'fc': {
      // Worker w computes rows blockRange(N) of every batch item. A 16-float line of the flat y
      // (64-byte aligned here) is written by one worker: the one whose rows fill it alone, else
      // the last of its workers to add its count, which is the highest when the workers run one
      // after another in index order (the qemu harness). Either way: the owner of the line's
      // highest row (docs/KERNELS.md).
      const n = get('outFeatures');
      const total = get('batch') * n;
      const per = Math.ceil(n / workers);
      const out: Ranges = [];
      for (let line = 0; line < total; line += LINE_FLOATS) {
        const end = Math.min(total, line + LINE_FLOATS);
        let top = 0;
        for (let f = line; f < end; f++) top = Math.max(top, f % n);
        if (Math.floor(top / per) !== w) continue;
        const last = out[out.length - 1];
        if (last && last[1] === line) last[1] = end;
        else out.push([line, end]);
      }
      return { y: out };
    }
    case 'conv2d':
      return { y: lineOwnedPlanes(get('batch') * get('cout'), w, workers, get('ho') * get('wo')) };
    case 'conv1x1':
      return { y: lineOwnedPlanes(get('batch') * get('cout'), w, workers, get('hw')) };
    case 'pad': {
      const p = get('pad');
      return { y: lineOwnedPlanes(get('planes'), w, workers, (get('h') + 2 * p) * (get('w_') + 2 * p)) };
    }
    case 'maxpool':
    case 'avgpool': {
      // Whole 16-float lines of the flat output (planes*ho*wo), walked plane, row, column.
      const [s, e] = lineBlockRange(get('planes') * get('ho') * get('wo'), w, workers);
      return { y: s < e ? [[s, e]] : [] };
    }
    case 'batchnorm': {
      // Worker w owns channels blockRange(C); a 16-float line of y goes to the owner of the
      // channel of its last element (the tensor's last element for a partial last line).
      const C = get('c');
      const hw = get('hw');
      const total = get('batch') * C * hw;
      const [c0, c1] = blockRange(C, w, workers);
      const out: Ranges = [];
      for (let line = 0; line < total; line += LINE_FLOATS) {
        const end = Math.min(total, line + LINE_FLOATS);
        const c = Math.floor((end - 1) / hw) % C;
        if (c < c0 || c >= c1) continue;
        const last = out[out.length - 1];
        if (last && last[1] === line) last[1] = end;
        else out.push([line, end]);
      }
      return { y: out };
    }
    case 'add':
    case 'mul':
    case 'relu':
    case 'sigmoid':
    case 'tanh': {
      const [s, e] = lineBlockRange(get('count'), w, workers);
      return { y: s < e ? [[s, e]] : [] };
    }
    case 'lstm-cell': {
      // Units [s, e) are computed by w; each line of hOut / cOut (64-byte aligned here) is written
      // by one worker: the one whose units cover it alone, else the last of its workers to finish,
      // which is the highest when the workers run one after another in index order (the qemu
      // harness). So w writes the lines from the one holding s up to the one holding e - 1,
      // that one only if e = H (docs/KERNELS.md).
      const H = get('hidden');
      const [s, e] = blockRange(H, w, workers);
      const from = Math.floor(s / LINE_FLOATS) * LINE_FLOATS;
      const to = e === H ? H : Math.floor(e / LINE_FLOATS) * LINE_FLOATS;
      const r: Ranges = s < e && from < to ? [[from, to]] : [];
      return { hOut: r, cOut: r };
    }
    default: {
      const never: never = id;
      throw new Error(`workShare: unknown kernel ${String(never)}`);
    }
  }
}
