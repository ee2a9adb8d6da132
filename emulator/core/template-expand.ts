// The parts of template expansion (semantics.ts) that every engine shares: the memory accessor
// calls LOAD_*/STORE_* become the typed-array fast path with the hart's slow path behind it, and
// TARGET(t) the alignment check of a jump target. The interpreter (engine.ts) and the block
// translator (translator.ts) differ only in how they spell the pc, whether the access is recorded
// for an observer, and what follows a slow store; everything else is written here once.

/** Memory access kinds recorded on the hart in observed mode (`hart.memKind`). */
export const MEM_NONE = 0;
export const MEM_LOAD = 1;
export const MEM_STORE = 2;
export const MEM_AMO = 3;

const CALL_RE = new Map<string, RegExp>();

/** Replaces NAME(args) calls (balanced parentheses) using `expand(args[])`. */
export function expandCalls(code: string, name: string, expand: (args: string[]) => string): string {
  let out = '';
  let at = 0;
  let re = CALL_RE.get(name);
  if (re === undefined) {
    re = new RegExp(`\\b${name}\\(`);
    CALL_RE.set(name, re);
  }
  for (;;) {
    const rest = code.slice(at);
    const m = re.exec(rest);
    if (m === null) return out + rest;
    const begin = at + m.index;
    let depth = 0;
    let end = begin + name.length;
    const args: string[] = [];
    let argStart = end + 1;
    for (; end < code.length; end++) {
      const c = code[end];
      if (c === '(') depth++;
      else if (c === ')') {
        depth--;
        if (depth === 0) break;
      } else if (c === ',' && depth === 1) {
        args.push(code.slice(argStart, end).trim());
        argStart = end + 1;
      }
    }
    args.push(code.slice(argStart, end).trim());
    out += code.slice(at, begin) + expand(args);
    at = end + 1;
  }
}

export interface AccessorOptions {
  /** How the instruction's pc is spelled in the generated code (an expression or a literal). */
  readonly pc: string;
  /** Record each access on the hart (memAddr/memSize/memKind/memValue) for the observer. */
  readonly observed: boolean;
  /** A local that receives each access's address (timed blocks time the access from it). */
  readonly addressLocal?: string;
  /** Wraps the slow-path store call (the translator leaves a block whose code was overwritten). */
  readonly slowStore?: (call: string) => string;
}

/** Expands TARGET, LOAD_W/H/HU/B/BU and STORE_W/H/B in one template. */
export function expandAccessors(code: string, o: AccessorOptions): string {
  const pc = o.pc;
  let c = expandCalls(code, 'TARGET', ([t]) => `(((tt = (${t})) & 3) === 0 ? tt : h.misalignedTarget(tt, ${pc}))`);
  const load = (arr: string, tmp: string, size: number, signed: number, shift: string) => ([a]: string[]) => {
    const align = size === 1 ? '' : `(${a} & ${size - 1}) === 0 && `;
    return (
      `(${o.observed ? `(h.memAddr = ${a}, h.memSize = ${size}, h.memKind = ${MEM_LOAD}), ` : ''}` +
      `${o.addressLocal !== undefined ? `(${o.addressLocal} = ${a}), ` : ''}` +
      `${align}(${tmp} = ${arr}[${a} >>> 16]).length !== 0 ? ${tmp}[${shift.replace(/\ba\b/g, a!)}] : h.loadSlow(${a}, ${size}, ${signed}, ${pc}))`
    );
  };
  c = expandCalls(c, 'LOAD_W', load('W', 'pw', 4, 1, '(a & 0xffff) >> 2'));
  c = expandCalls(c, 'LOAD_HU', load('HU', 'phu', 2, 0, '(a & 0xffff) >> 1'));
  c = expandCalls(c, 'LOAD_H', load('H', 'ph', 2, 1, '(a & 0xffff) >> 1'));
  c = expandCalls(c, 'LOAD_BU', load('BU', 'pbu', 1, 0, 'a & 0xffff'));
  c = expandCalls(c, 'LOAD_B', load('B', 'pb', 1, 1, 'a & 0xffff'));
  const slowStore = o.slowStore ?? ((call: string) => call);
  const store = (arr: string, size: number, index: string) => ([a, v]: string[]) => {
    const align = size === 1 ? '' : `(${a} & ${size - 1}) | `;
    let record = o.observed ? `h.memAddr = ${a}; h.memSize = ${size}; h.memKind = ${MEM_STORE}; h.memValue = ${v}; ` : '';
    if (o.addressLocal !== undefined) record += `${o.addressLocal} = ${a}; `;
    return (
      record +
      `if ((${align}WATCH[${a} >>> 12]) === 0) ${arr}[${a} >>> 16][${index.replace(/\ba\b/g, a!)}] = ${v}; ` +
      `else ${slowStore(`h.storeSlow(${a}, ${v}, ${size}, ${pc})`)}`
    );
  };
  c = expandCalls(c, 'STORE_W', store('W', 4, '(a & 0xffff) >> 2'));
  c = expandCalls(c, 'STORE_H', store('H', 2, '(a & 0xffff) >> 1'));
  c = expandCalls(c, 'STORE_B', store('B', 1, 'a & 0xffff'));
  return c;
}
