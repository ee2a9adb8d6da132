// Decode once, run many times: every 4 KiB block of memory that a hart fetches from is decoded
// into a DecodedPage (op code and operands in typed arrays, one slot per word), shared by all
// harts. The cache never holds stale code: decoding a block flags it WATCH_CODE in memory, so
// every store into it (by any hart, the loader or the debugger) re-decodes the words it touched,
// in place; `fence.i` re-decodes every page. Pages are never dropped, so an engine may keep
// references to a page's arrays across instructions.

import { decode, type OperandKind } from '../../toolchain/isa/instructions';
import { csrOf, immB, immI, immJ, immS, immU, rdOf, rmOf, rs1Of, rs2Of, rs3Of } from '../../toolchain/isa/fields';
import {
  BLOCK_SHIFT,
  BLOCK_SIZE,
  WATCH_CODE,
  type CodeWriteListener,
  type PhysicalMemory,
} from '../memsys/physical-memory';
import { OP_FETCH_FAULT, OP_ILLEGAL, OP_OF_ID, OP_PAGE_END } from './ops';

export const PAGE_WORDS = BLOCK_SIZE >> 2;
/** The x register index writes to x0 are redirected to (X has 33 slots; X[0] stays 0). */
export const X_SINK = 32;

// How each instruction fills `imm`, from its syntax (first match wins).
const IMM_NONE = 0;
const IMM_I = 1;
const IMM_S = 2;
const IMM_B_TARGET = 3;
const IMM_J_TARGET = 4;
const IMM_U = 5;
const IMM_U_PC = 6;
const IMM_SHAMT = 7;
const IMM_CSR = 8;
const IMM_RM = 9;

function immKind(base: string, syntax: readonly OperandKind[]): number {
  for (const k of syntax) {
    switch (k) {
      case 'imm12':
      case 'mem':
        return IMM_I;
      case 'smem':
        return IMM_S;
      case 'btarget':
        return IMM_B_TARGET;
      case 'jtarget':
        return IMM_J_TARGET;
      case 'uimm20':
        return base === 'auipc' ? IMM_U_PC : IMM_U;
      case 'shamt':
        return IMM_SHAMT;
      case 'csr':
        return IMM_CSR;
      case 'rm':
        return IMM_RM;
      default:
        break;
    }
  }
  return IMM_NONE;
}

/**
 * The packed form the interpreter dispatches on: one Int32 per word holding
 * op | rd << 8 | rs1 << 14 | rs2 << 20 | rs3 << 26 (one load per instruction instead of five).
 */
export const PACK_RD_SHIFT = 8;
export const PACK_RS1_SHIFT = 14;
export const PACK_RS2_SHIFT = 20;
export const PACK_RS3_SHIFT = 26;

export class DecodedPage {
  /** Address of the first word. */
  readonly base: number;
  /**
   * Packed op and registers (see PACK_*); the separate arrays below hold the same values. One
   * slot longer than the page: slot PAGE_WORDS is OP_PAGE_END, so running off the end of a page
   * needs no bounds test per instruction.
   */
  readonly packed: Int32Array;
  readonly op: Uint8Array;
  readonly rd: Uint8Array;
  readonly rs1: Uint8Array;
  readonly rs2: Uint8Array;
  readonly rs3: Uint8Array;
  readonly imm: Int32Array;
  /** The raw instruction word (trace, disassembly, fault messages). */
  readonly word: Int32Array;
  /** The table id (mnemonic including `.aq`/`.rl`); -1 when the word does not decode. */
  readonly id: Int16Array;

  constructor(base: number) {
    this.base = base;
    this.packed = new Int32Array(PAGE_WORDS + 1);
    this.packed[PAGE_WORDS] = OP_PAGE_END;
    this.op = new Uint8Array(PAGE_WORDS);
    this.rd = new Uint8Array(PAGE_WORDS);
    this.rs1 = new Uint8Array(PAGE_WORDS);
    this.rs2 = new Uint8Array(PAGE_WORDS);
    this.rs3 = new Uint8Array(PAGE_WORDS);
    this.imm = new Int32Array(PAGE_WORDS);
    this.word = new Int32Array(PAGE_WORDS);
    this.id = new Int16Array(PAGE_WORDS);
  }

  /** Decodes `word` (fetched from this page's slot `index`) into the arrays. */
  set(index: number, word: number): void {
    const pc = (this.base + index * 4) | 0;
    this.word[index] = word;
    const spec = decode(word >>> 0);
    if (spec === undefined) {
      this.fill(index, OP_ILLEGAL, -1);
      return;
    }
    let op: number = OP_OF_ID[spec.id]!;
    const syntax = spec.syntax;
    let rd = rdOf(word);
    // No destination (or x0): X_SINK, so a timing model sees "nothing written".
    if (rd === 0 && syntax.includes('xd')) rd = X_SINK;
    else if (!syntax.includes('xd') && !syntax.includes('fd')) rd = X_SINK;
    let imm = 0;
    switch (immKind(spec.base, syntax)) {
      case IMM_I: imm = immI(word); break;
      case IMM_S: imm = immS(word); break;
      case IMM_B_TARGET: imm = (pc + immB(word)) | 0; break;
      case IMM_J_TARGET: imm = (pc + immJ(word)) | 0; break;
      case IMM_U: imm = immU(word); break;
      case IMM_U_PC: imm = (pc + immU(word)) | 0; break;
      case IMM_SHAMT: imm = rs2Of(word); break;
      case IMM_CSR: imm = csrOf(word); break;
      case IMM_RM:
        imm = rmOf(word);
        if (imm === 5 || imm === 6) op = OP_ILLEGAL; // reserved rounding modes
        break;
      default: break;
    }
    this.op[index] = op;
    this.id[index] = spec.id;
    this.rd[index] = rd;
    this.rs1[index] = rs1Of(word);
    this.rs2[index] = rs2Of(word);
    this.rs3[index] = rs3Of(word);
    this.imm[index] = imm;
    this.pack(index);
  }

  private pack(index: number): void {
    this.packed[index] =
      this.op[index]! |
      (this.rd[index]! << PACK_RD_SHIFT) |
      (this.rs1[index]! << PACK_RS1_SHIFT) |
      (this.rs2[index]! << PACK_RS2_SHIFT) |
      (this.rs3[index]! << PACK_RS3_SHIFT);
  }

  fill(index: number, op: number, id: number): void {
    this.op[index] = op;
    this.id[index] = id;
    this.rd[index] = X_SINK;
    this.rs1[index] = 0;
    this.rs2[index] = 0;
    this.rs3[index] = 0;
    this.imm[index] = 0;
    this.pack(index);
  }
}

export class DecodeCache implements CodeWriteListener {
  readonly memory: PhysicalMemory;
  private readonly pages: Map<number, DecodedPage>;
  /** Words decoded so far (statistics). */
  decodedWords: number;

  constructor(memory: PhysicalMemory) {
    this.memory = memory;
    this.pages = new Map();
    this.decodedWords = 0;
    memory.codeListener = this;
  }

  /** The decoded page holding `pc`, decoding it on first use. */
  pageOf(pc: number): DecodedPage {
    const block = pc >>> BLOCK_SHIFT;
    let page = this.pages.get(block);
    if (page === undefined) {
      page = new DecodedPage((block << BLOCK_SHIFT) | 0);
      this.decodeAll(page);
      // A block outside memory is not cached: the null guard lifts when page 0 gets memory.
      if (page.op[0] !== OP_FETCH_FAULT) this.pages.set(block, page);
    }
    return page;
  }

  private decodeAll(page: DecodedPage): void {
    const mem = this.memory;
    const base = page.base >>> 0;
    if (!mem.inRange(base, BLOCK_SIZE)) {
      for (let k = 0; k < PAGE_WORDS; k++) page.fill(k, OP_FETCH_FAULT, -1);
      return;
    }
    mem.watch[base >>> BLOCK_SHIFT]! |= WATCH_CODE;
    for (let k = 0; k < PAGE_WORDS; k++) page.set(k, mem.readWord(base + k * 4) | 0);
    this.decodedWords += PAGE_WORDS;
  }

  codeWritten(address: number, size: number): void {
    const first = (address & ~3) >>> 0;
    const last = (address + size - 1) >>> 0;
    for (let a = first; a <= last; a += 4) {
      const page = this.pages.get(a >>> BLOCK_SHIFT);
      if (page === undefined) continue;
      page.set((a - (page.base >>> 0)) >>> 2, this.memory.readWord(a) | 0);
      this.decodedWords++;
    }
  }

  /** fence.i: re-decode every page from memory. */
  flush(): void {
    for (const page of this.pages.values()) this.decodeAll(page);
  }
}
