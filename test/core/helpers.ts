// Test helpers for the core: encode instructions straight from the instruction table (operands
// in the table's syntax order) and run them on a bare hart; build ELF programs with GNU as/ld.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instructionByMnemonic } from '../../toolchain/isa/instructions';
import { encodeImmB, encodeImmI, encodeImmJ, encodeImmS, encodeImmU } from '../../toolchain/isa/fields';
import { PhysicalMemory } from '../../emulator/memsys/physical-memory';
import { DecodeCache } from '../../emulator/core/decode-cache';
import { Hart } from '../../emulator/core/hart';

/**
 * A hot threshold the tests' short programs cross (translator.ts's default was 32 until its
 * warm-up was measured): a run at it executes each block cold on the interpreter first, then
 * translated. At the default (2048) most of these programs never translate anything.
 */
export const CROSSED_HOT_THRESHOLD = 32;

/**
 * Encodes one instruction. Operands follow the table's syntax: registers as numbers, `mem` and
 * `smem` as two numbers (offset, base register), `rm` optional (default 7 = dyn).
 */
export function enc(mnemonic: string, ...ops: number[]): number {
  const spec = instructionByMnemonic(mnemonic);
  if (!spec) throw new Error(`unknown mnemonic ${mnemonic}`);
  let w = spec.match;
  let k = 0;
  const next = (): number => {
    const v = ops[k++];
    if (v === undefined) throw new Error(`${mnemonic}: missing operand ${k}`);
    return v;
  };
  for (const kind of spec.syntax) {
    switch (kind) {
      case 'xd': case 'fd': w |= next() << 7; break;
      case 'xs1': case 'fs1': w |= next() << 15; break;
      case 'xs2': case 'fs2': w |= next() << 20; break;
      case 'fs3': w |= next() << 27; break;
      case 'imm12': w |= encodeImmI(next()); break;
      case 'shamt': w |= next() << 20; break;
      case 'uimm20': w |= encodeImmU(next()); break;
      case 'mem': w |= encodeImmI(next()); w |= next() << 15; break;
      case 'smem': w |= encodeImmS(next()); w |= next() << 15; break;
      case 'amem': w |= next() << 15; break;
      case 'btarget': w |= encodeImmB(next()); break;
      case 'jtarget': w |= encodeImmJ(next()); break;
      case 'csr': w |= next() << 20; break;
      case 'zimm': w |= next() << 15; break;
      case 'rm': w |= (k < ops.length ? next() : 7) << 12; break;
      case 'pred': w |= next() << 24; break;
      case 'succ': w |= next() << 20; break;
    }
  }
  return w >>> 0;
}

export const CODE_BASE = 0x10000;
export const DATA_BASE = 0x20000;

export interface Bare {
  readonly hart: Hart;
  readonly memory: PhysicalMemory;
  readonly out: string[];
}

/** A one-hart machine with `words` at CODE_BASE (pc there), 16 MiB of memory. */
export function bare(words: readonly number[], memorySize = 1 << 24): Bare {
  const memory = new PhysicalMemory(memorySize, 1);
  const code = new DecodeCache(memory);
  const bytes = new Uint8Array(new Uint32Array(words).buffer);
  memory.writeBytes(CODE_BASE, bytes);
  const out: string[] = [];
  const hart = new Hart({ index: 0, tile: 0, gpe: 0, tiles: 4, gpesPerTile: 16 }, memory, code, {
    write: (fd, b) => out.push(`${fd}:${Buffer.from(b).toString('latin1')}`),
  });
  hart.setPc(CODE_BASE);
  return { hart, memory, out };
}

/** Runs `words` (all of them, or `steps`) after `init` set registers; returns the hart. */
export function exec(words: readonly number[], init?: (h: Hart, m: PhysicalMemory) => void, steps = words.length): Hart {
  const b = bare(words);
  init?.(b.hart, b.memory);
  b.hart.run(steps);
  return b.hart;
}

/** Writes a little-endian word (test setup). */
export function poke(m: PhysicalMemory, address: number, value: number): void {
  m.writeBytes(address, new Uint8Array(new Uint32Array([value >>> 0]).buffer));
}

export function hasTool(tool: string): boolean {
  return spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
}

export const HAS_GNU = hasTool('riscv64-unknown-elf-as') && hasTool('riscv64-unknown-elf-ld');
export const HAS_QEMU = hasTool('qemu-riscv32');
if (!HAS_GNU) console.warn('test/core: riscv64-unknown-elf-as/ld not installed: ELF program tests are skipped');

/** Assembles and links `source` with GNU as/ld; returns the ELF bytes (and its path until cleanup). */
export function gnuElf(source: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'gpesim-core-'));
  try {
    writeFileSync(join(dir, 'p.s'), source);
    execFileSync('riscv64-unknown-elf-as', ['-march=rv32imaf_zicsr_zifencei', '-mabi=ilp32f', '-mno-relax', '-o', join(dir, 'p.o'), join(dir, 'p.s')]);
    execFileSync('riscv64-unknown-elf-ld', ['-m', 'elf32lriscv', '--no-relax', '-o', join(dir, 'p.elf'), join(dir, 'p.o')]);
    return new Uint8Array(readFileSync(join(dir, 'p.elf')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
