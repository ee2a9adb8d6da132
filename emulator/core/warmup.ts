// Warms the generated engines before the first real run: a small program built from the
// instruction table executes every op once (plus the slow paths and a page crossing) in each
// variant. V8 then optimizes each engine with type feedback for every case; without this, the
// first instruction of a kind the optimized code has never seen deoptimizes the whole loop
// ("insufficient type feedback"), once per new kind: costly for programs with many phases.

import { instructionByMnemonic, INSTRUCTIONS, type InstructionSpec } from '../../toolchain/isa/instructions';
import { encodeImmB, encodeImmI, encodeImmJ, encodeImmS, encodeImmU } from '../../toolchain/isa/fields';
import { csrByName } from '../../toolchain/isa/csrs';
import { PhysicalMemory } from '../memsys/physical-memory';
import { DecodeCache, type DecodedPage } from './decode-cache';
import { Hart, type RetireObserver } from './hart';

const CODE = 0x10f00; // the program crosses the 4 KiB boundary at 0x11000
const DATA = 0x20000;
const UNTOUCHED = 0x300000;

function encode(spec: InstructionSpec, override: Partial<Record<string, number>> = {}): number {
  let w = spec.match;
  for (const kind of spec.syntax) {
    switch (kind) {
      case 'xd': w |= (override.rd ?? 5) << 7; break;
      case 'fd': w |= 4 << 7; break;
      case 'xs1': w |= (override.rs1 ?? 7) << 15; break;
      case 'fs1': w |= 1 << 15; break;
      case 'xs2': w |= (override.rs2 ?? 7) << 20; break;
      case 'fs2': w |= 2 << 20; break;
      case 'fs3': w |= 3 << 27; break;
      case 'imm12': w |= encodeImmI(override.imm ?? 1); break;
      case 'shamt': w |= 1 << 20; break;
      case 'uimm20': w |= encodeImmU(1); break;
      case 'mem': w |= encodeImmI(override.imm ?? 0) | ((override.rs1 ?? 6) << 15); break;
      case 'smem': w |= encodeImmS(0) | ((override.rs1 ?? 6) << 15); break;
      case 'amem': w |= 6 << 15; break;
      case 'btarget': w |= encodeImmB(4); break;
      case 'jtarget': w |= encodeImmJ(4); break;
      case 'csr': w |= (override.csr ?? 0x001) << 20; break;
      case 'zimm': w |= 0 << 15; break;
      case 'rm': w |= 0 << 12; break;
      case 'pred': w |= 15 << 24; break;
      case 'succ': w |= 15 << 20; break;
    }
  }
  return w >>> 0;
}

const op = (mnemonic: string, override: Partial<Record<string, number>> = {}) => encode(instructionByMnemonic(mnemonic)!, override);
const li = (rd: number, v: number) => op('addi', { rd, rs1: 0, imm: v });

function program(): number[] {
  const words: number[] = [];
  const mepc = csrByName('mepc')!.number;
  for (const spec of INSTRUCTIONS) {
    if (spec.mnemonic !== spec.base) continue; // one ordering variant per base is enough
    switch (spec.base) {
      case 'ebreak':
        break;
      case 'jalr':
        words.push(op('auipc', { rd: 8 }) & 0xfff, op('jalr', { rd: 5, rs1: 8, imm: 8 }));
        break;
      case 'mret':
        words.push(op('auipc', { rd: 8 }) & 0xfff, op('addi', { rd: 8, rs1: 8, imm: 16 }));
        words.push(op('csrrw', { rd: 0, rs1: 8, csr: mepc }), op('mret'));
        break;
      case 'ecall':
        words.push(li(17, 64), li(10, 1), op('addi', { rd: 11, rs1: 6, imm: 0 }), li(12, 0), op('ecall'));
        break;
      default:
        words.push(encode(spec));
        // Branches both ways: (x7, x7), (x7, x0), (x0, x7) with x7 = 3.
        if (spec.syntax.includes('btarget')) words.push(encode(spec, { rs2: 0 }), encode(spec, { rs1: 0 }));
    }
  }
  // Slow paths: a load from untouched memory, a store that allocates, misaligned accesses.
  words.push(op('lw', { rd: 5, rs1: 9 }), op('sw', { rs1: 9 }), op('lh', { rd: 5, rs1: 13 }), op('sh', { rs1: 13 }));
  words.push(li(17, 93), op('ecall'));
  return words;
}

class NullObserver implements RetireObserver {
  count = 0;
  retired(hart: Hart, page: DecodedPage, index: number, pc: number, nextPc: number): void {
    void hart;
    void page;
    void index;
    this.count += (nextPc - pc) & 1; // touch both so the call site sees numbers
    this.count++;
  }
}

const warmed = new Set<string>();
let warmMemory: { memory: PhysicalMemory; code: DecodeCache } | undefined;
let words: number[] | undefined;

/** Runs the warm-up program on one engine variant (first call per variant only). */
export function warmUpEngine(variant: 'fast' | 'counting' | 'observed'): void {
  if (warmed.has(variant)) return;
  warmed.add(variant);
  words ??= program();
  const variantIndex = warmed.size - 1;
  if (warmMemory === undefined) {
    const memory = new PhysicalMemory(1 << 24, 1);
    warmMemory = { memory, code: new DecodeCache(memory) };
    memory.writeBytes(CODE, new Uint8Array(new Uint32Array(words).buffer));
  }
  const { memory, code } = warmMemory;
  // V8 allocates a function's feedback vector only after several calls: run the program in
  // many short calls, several times (each pass with a fresh untouched page for the slow paths).
  for (let pass = 0; pass < 3; pass++) {
    const hart = new Hart({ index: 0, tile: 0, gpe: 0, tiles: 1, gpesPerTile: 1 }, memory, code, { write: () => {} });
    hart.setPc(CODE);
    hart.x[6] = DATA;
    hart.x[7] = 3;
    hart.x[9] = UNTOUCHED + (variantIndex * 4 + pass) * 0x10000;
    hart.x[13] = DATA + 0x101;
    hart.f[1] = 0x3f800000;
    hart.f[2] = 0x40000000;
    hart.f[3] = 0x3f000000;
    if (variant === 'counting') hart.enableCounting();
    if (variant === 'observed') hart.observer = new NullObserver();
    for (let calls = 0; calls < words.length * 2 && hart.state === 0; calls++) hart.run(pass === 2 ? words.length * 2 : 7);
    if (hart.state === 0 || hart.trap !== null) {
      throw new Error(`engine warm-up did not run to its exit (${variant}): ${hart.trap?.text ?? 'still running'} at 0x${hart.pc.toString(16)}`);
    }
  }
}
