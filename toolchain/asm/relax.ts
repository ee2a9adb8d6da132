// Branch relaxation, emulating GNU as 2.40's relax_segment for RISC-V without relaxation or
// compressed instructions. A conditional branch is a "frag" whose length is 4 (target is a
// non-weak label of the same section within [-4096, 4095]) or 8 (inverted branch over a jal).
// GNU first estimates every frag in order, when labels in later frags still have frag address 0,
// then re-evaluates each branch in order, where labels in later frags still have the previous
// pass's addresses, until no length changes. When a target sits right at the reach both lengths
// can be self-consistent; which one GNU ends with depends on exactly this history, so we replay
// it on the frag structure (branches, alignments, .space/.fill/.org runs) the layout recorded.

import { evaluate, type EvalEnv, type Value } from './expr';
import type { FragItem, ObjectFile, SectionBuffer } from './layout';

const MAX_PASSES = 200;

function padding(address: number, align: number, max: number | undefined): number {
  const pad = (align - (address % align)) % align;
  return max !== undefined && pad > max ? 0 : pad;
}

/** Indices of the branches GNU as writes in the long form. */
export function gnuLongBranches(obj: ObjectFile): Set<number> {
  const long = new Set<number>();
  for (const sec of obj.sections.values()) {
    if (sec.frags.some((f) => f.kind === 'branch')) relaxSection(obj, sec, long);
  }
  return long;
}

function relaxSection(obj: ObjectFile, sec: SectionBuffer, long: Set<number>): void {
  const items: readonly FragItem[] = sec.frags;
  const n = items.length;
  // Where each frag starts in the recorded layout, and its fixed part (bytes before the item).
  const start = new Array<number>(n + 1);
  const fix = new Array<number>(n);
  start[0] = 0;
  for (let k = 0; k < n; k++) {
    fix[k] = items[k]!.offset - start[k]!;
    start[k + 1] = items[k]!.offset + items[k]!.size;
  }
  const addr = new Array<number>(n + 1).fill(0);
  const size = new Array<number>(n).fill(0);

  /** The frag holding a section offset that is not a label (`.set x, .` and the like). */
  const fragOfOffset = (offset: number): number => {
    let j = 0;
    while (j < n && items[j]!.offset < offset) j++;
    return j;
  };
  const simulated = (frag: number, offset: number): bigint => BigInt(addr[frag]! + (offset - start[frag]!));
  const resolving = new Set<string>();
  const toSim = (v: Value, frag?: number): Value =>
    v.section !== sec.name ? v : { section: v.section, offset: simulated(frag ?? fragOfOffset(Number(v.offset)), Number(v.offset)) };
  const lookup = (name: string): Value | undefined => {
    const s = obj.symbols.get(name);
    if (!s) return undefined;
    if (s.value) return toSim(s.value, s.isLabel ? s.frag : undefined);
    if (s.deferred && !resolving.has(name)) {
      resolving.add(name);
      const r = evaluate(s.deferred.expr, { lookup, dot: toSim(s.deferred.dot) });
      resolving.delete(name);
      return r.ok ? r.value : undefined;
    }
    return undefined;
  };

  const branchLength = (k: number): number => {
    const item = items[k]!;
    if (item.kind !== 'branch') return 0;
    const b = obj.branches[item.branch]!;
    const here = addr[k]! + fix[k]!;
    const env: EvalEnv = { lookup, dot: { section: sec.name, offset: BigInt(here) } };
    const r = evaluate(b.target.expr, env);
    if (!r.ok || r.value.section !== sec.name) return 8;
    if (weakIn(obj, b.target.expr)) return 8;
    const val = Number(r.value.offset) - here;
    return val >= -4096 && val <= 4095 ? 4 : 8;
  };

  // The first pass: addresses in order, each frag estimated with what is known so far.
  let address = 0;
  for (let k = 0; k < n; k++) {
    addr[k] = address;
    address += fix[k]!;
    const item = items[k]!;
    size[k] = item.kind === 'branch' ? branchLength(k) : item.kind === 'align' ? padding(address, item.align, item.max) : item.size;
    address += size[k]!;
  }
  addr[n] = address;

  // Relaxation passes until nothing grows or shrinks.
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let stretch = 0;
    let changed = false;
    for (let k = 0; k <= n; k++) {
      addr[k] = addr[k]! + stretch;
      if (k === n) break;
      const item = items[k]!;
      let next = size[k]!;
      if (item.kind === 'branch') next = branchLength(k);
      else if (item.kind === 'align') next = padding(addr[k]! + fix[k]!, item.align, item.max);
      const growth = next - size[k]!;
      size[k] = next;
      if (growth !== 0) {
        stretch += growth;
        changed = true;
      }
    }
    if (!changed) break;
  }
  for (let k = 0; k < n; k++) {
    const item = items[k]!;
    if (item.kind === 'branch' && size[k] === 8) long.add(obj.branches[item.branch]!.index);
  }
}

function weakIn(obj: ObjectFile, e: import('./expr').Expr): boolean {
  switch (e.k) {
    case 'sym': return obj.symbols.get(e.name)?.weak === true;
    case 'unary': return weakIn(obj, e.arg);
    case 'binary': return weakIn(obj, e.left) || weakIn(obj, e.right);
    default: return false;
  }
}
