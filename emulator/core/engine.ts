// The interpreter: one hot loop over predecoded instructions, dispatching on a small op code in
// one exhaustive switch whose cases are the templates of semantics.ts pasted in. The loop is
// generated once per variant at module load (new Function), so there is exactly one source of
// semantics and the variants cost nothing they do not use:
//   fast      functional mode: no hooks, no counters beyond instret
//   counting  adds one counter increment per instruction (per op code; `--stats`)
//   observed  records each memory access on the hart (memAddr/memSize/memKind/memValue) and calls
//             `hart.observer.retired(hart, page, index, pc, nextPc)` after every retired instruction;
//             when it returns true the engine returns at once (the timed machine holds a GPE there)
//             (the trace writer and the timed machine)
// Traps (trap.ts) are thrown by semantics and slow paths and caught once, around the loop.

import * as fp from './fp32';
import { mulh, mulhsu, mulhu } from './alu';
import { OP_FETCH_FAULT, OP_ILLEGAL, OP_PAGE_END, opOf, OP_BASES } from './ops';
import { PAGE_WORDS } from './decode-cache';
import { SEMANTICS } from './semantics';
import { expandAccessors } from './template-expand';
import type { Hart } from './hart';

export type EngineVariant = 'fast' | 'counting' | 'observed';
export type Engine = (hart: Hart, budget: number) => number;

export { MEM_NONE, MEM_LOAD, MEM_STORE, MEM_AMO } from './template-expand';

/** Expands one template into interpreter code (operands read from the page arrays at `i`). */
export function expandForInterpreter(code: string, variant: EngineVariant): { code: string; jumps: boolean } {
  const observed = variant === 'observed';
  const jumps = /\bNEXT\s*=/.test(code);
  let c = code;
  c = expandAccessors(c, { pc: 'PC', observed });
  const retire = observed ? 'obs.retired(h, page, i, PC, (PC + 4) | 0); ' : '';
  c = c.replace(/\bSTOP;/g, `{ ${retire}i++; n++; break loop; }`);
  c = c.replace(/\bWAIT;/g, 'break loop;');
  c = c.replace(/\bNEXT\s*=/g, 'nx =');
  c = c.replace(/\$rm\b/g, '(IMM[i] === 7 ? h.dynRm(PC) : IMM[i])');
  c = c.replace(/\$rd\b/g, '((w >>> 8) & 63)');
  c = c.replace(/\$rs1\b/g, '((w >>> 14) & 63)');
  c = c.replace(/\$rs2\b/g, '((w >>> 20) & 63)');
  c = c.replace(/\$rs3\b/g, '(w >>> 26)');
  c = c.replace(/\$imm\b/g, 'IMM[i]');
  c = c.replace(/\$npc\b/g, '((base + (i << 2) + 4) | 0)');
  c = c.replace(/\$pc\b/g, 'PC');
  // The engine tracks the page base and the word index; the pc is computed when needed.
  c = c.replace(/\bPC\b/g, '((base + (i << 2)) | 0)');
  c = c.replace(/\$retired\b/g, 'n');
  if (/\$\w+|\b(LOAD|STORE)_\w+|\bTARGET\(/.test(c)) throw new Error(`unexpanded template name in: ${code}`);
  return { code: c, jumps };
}

function generate(variant: EngineVariant): string {
  const observed = variant === 'observed';
  const cases: string[] = [];
  const pcExpr = '((base + (i << 2)) | 0)';
  const switchPage = (address: string) =>
    `page = h.code.pageOf(${address}); h.page = page; base = page.base | 0; PK = page.packed; IMM = page.imm;`;
  cases.push(`case ${OP_ILLEGAL}: h.illegal(${pcExpr}); break;`);
  cases.push(`case ${OP_FETCH_FAULT}: h.fetchFault(${pcExpr}); break;`);
  cases.push(`case ${OP_PAGE_END}: { ${switchPage('far')} i = (far - base) >>> 2; far = (base + ${PAGE_WORDS * 4}) | 0; continue loop; }`);
  for (const base of OP_BASES) {
    const semantic = SEMANTICS[base];
    if (semantic === undefined) throw new Error(`no semantics for '${base}'`);
    const { code, jumps } = expandForInterpreter(semantic.code, variant);
    // A jump out of the page parks on the sentinel slot; OP_PAGE_END then switches to `far`.
    const advance = jumps ? `i = (nx - base) >>> 2; if (i >= ${PAGE_WORDS}) { far = nx; i = ${PAGE_WORDS}; }` : 'i++;';
    cases.push(`case ${opOf(base)}: { ${code} ${advance} break; } // ${base}`);
  }
  return `
const { f32Add, f32Sub, f32Mul, f32Div, f32Sqrt, f32MulAdd, f32Min, f32Max, f32Eq, f32Lt, f32Le,
  f32Class, f32ToI32, f32ToU32, i32ToF32, u32ToF32, fpStatus, mulh, mulhsu, mulhu } = lib;
return function run_${variant}(h, budget) {
  const X = h.x, F = h.f, mem = h.mem;
  const W = mem.w, H = mem.h, HU = mem.hu, B = mem.b, BU = mem.bu, WATCH = mem.watch;
  ${observed ? 'const obs = h.observer;' : ''}
  ${variant === 'counting' ? 'const CNT = h.opCounts;' : ''}
  const pc0 = h.pc | 0;
  let page = h.page;
  let base = page.base | 0;
  let i = (pc0 - base) >>> 2;
  if (i >= ${PAGE_WORDS}) {
    page = h.code.pageOf(pc0);
    h.page = page;
    base = page.base | 0;
    i = (pc0 - base) >>> 2;
  }
  let PK = page.packed, IMM = page.imm;
  // The next page's address: where OP_PAGE_END continues (a far jump sets it to its target).
  let far = (base + ${PAGE_WORDS * 4}) | 0;
  let n = 0, nx = 0, tt = 0;
  let pw = W[0], ph = H[0], phu = HU[0], pb = B[0], pbu = BU[0];
  fpStatus.flags = h.fflags;
  try {
    loop: while (n < budget) {
      const w = PK[i];
      ${observed ? 'h.memKind = 0; const ii = i, ipc = (base + (i << 2)) | 0, ipage = page;' : ''}
      ${variant === 'counting' ? 'CNT[w & 255]++;' : ''}
      switch (w & 255) {
        ${cases.join('\n        ')}
        default: h.illegal((base + (i << 2)) | 0);
      }
      n++;
      ${observed ? 'if (obs.retired(h, ipage, ii, ipc, i === ' + PAGE_WORDS + ' ? far : (base + (i << 2)) | 0)) break loop;' : ''}
    }
  } catch (e) {
    const pc = (base + (i << 2)) | 0;
    h.pc = pc; h.instret += n; h.executed += n; h.fflags = fpStatus.flags;
    h.takeTrap(e, pc);
    return n;
  }
  h.pc = i === ${PAGE_WORDS} ? far : (base + (i << 2)) | 0; h.instret += n; h.executed += n; h.fflags = fpStatus.flags;
  return n;
};`;
}

const LIB = { ...fp, mulh, mulhsu, mulhu };

function build(variant: EngineVariant): Engine {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('lib', generate(variant))(LIB) as Engine;
}

export const ENGINES: Readonly<Record<EngineVariant, Engine>> = Object.freeze({
  fast: build('fast'),
  counting: build('counting'),
  observed: build('observed'),
});

/** The generated source of one variant (for reading and for profiling). */
export function engineSource(variant: EngineVariant): string {
  return generate(variant);
}
