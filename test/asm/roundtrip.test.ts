// ROUND TRIP: random valid words over the table (operand fields the syntax does not express set
// to 0) -> our decoder -> disassembly text (our disassembler, no aliases, and objdump -M
// no-aliases when installed) -> our assembler at the same address -> the same word.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleInstruction } from '../../toolchain/asm/index';
import { disassembleWord } from '../../toolchain/disasm/index';
import { CSRS, INSTRUCTIONS, decode, type InstructionSpec } from '../../toolchain/isa';
import { encode, emptyFields } from '../../toolchain/asm/encoder';
import { GNU_OBJDUMP, hasTool } from './gnu';

const BASE = 0x10000;
const haveObjdump = hasTool(GNU_OBJDUMP);
if (!haveObjdump) console.warn(`asm round trip via objdump: SKIPPED, ${GNU_OBJDUMP} not installed`);

function randomWord(spec: InstructionSpec, rnd: () => number): number {
  const f = emptyFields();
  const r = (n: number) => Math.floor(rnd() * n);
  f.rd = r(32); f.rs1 = r(32); f.rs2 = r(32); f.rs3 = r(32);
  f.rm = [0, 1, 2, 3, 4, 7][r(6)]!;
  f.csr = r(2) ? CSRS[r(CSRS.length)]!.number : 0x7c0 + r(8);
  f.zimm = r(32); f.pred = 1 + r(15); f.succ = 1 + r(15);
  if (spec.syntax.includes('btarget')) f.imm = (r(4096) - 2048) * 2;
  else if (spec.syntax.includes('jtarget')) f.imm = (r(1 << 20) - (1 << 19)) * 2;
  else if (spec.syntax.includes('uimm20')) f.imm = r(1 << 20);
  else if (spec.syntax.includes('shamt')) f.imm = r(32);
  else f.imm = r(4096) - 2048;
  // Fields the syntax does not express stay 0.
  const w = encode(spec, f);
  const has = (k: string) => spec.syntax.includes(k as never);
  let word = w;
  if (!has('xd') && !has('fd')) word &= ~(31 << 7);
  if (!has('xs1') && !has('fs1') && !has('mem') && !has('smem') && !has('amem')) word &= ~(31 << 15);
  return word >>> 0;
}

/**
 * GNU as writes a branch to an absolute address as an inverted branch over a jal (the target is
 * not in the section); objdump's absolute target is therefore given back as `. + offset`.
 */
function relativeTargets(text: string, pc: number): string {
  if (!/^b/.test(text)) return text;
  return text.replace(/,(0x[0-9a-f]+|[0-9a-f]+)$/, (_m, t: string) => `,. + ${parseInt(t.replace(/^0x/, ''), 16) - pc}`);
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 4294967296;
  };
}

const rnd = seeded(2024);
const words: { spec: InstructionSpec; word: number }[] = [];
for (const spec of INSTRUCTIONS) for (let k = 0; k < 12; k++) words.push({ spec, word: randomWord(spec, rnd) });

describe('assembler round trip', () => {
  it('random words decode to the entry they were made from', () => {
    for (const { spec, word } of words) expect(decode(word)?.mnemonic, word.toString(16)).toBe(spec.mnemonic);
  });

  it.each([['no aliases', false], ['aliases', true]] as const)('our disassembly (%s) assembles back to the same word', (_name, aliases) => {
    const bad: string[] = [];
    words.forEach(({ word }, i) => {
      const pc = BASE + 4 * i;
      const text = disassembleWord(word, pc, { aliases }).replace(/\s+#.*$/, '').replace(/\s*<[^>]*>/, '');
      let got: number[] = [];
      try {
        got = assembleInstruction(relativeTargets(text, pc), pc);
      } catch (e) {
        bad.push(`${text}: ${(e as Error).message}`);
        return;
      }
      if (got.length !== 1 || got[0] !== word) bad.push(`${text}: ${word.toString(16)} -> ${got.map((g) => g.toString(16)).join(' ')}`);
    });
    expect(bad).toEqual([]);
  });

  it.skipIf(!haveObjdump).each([['-M no-aliases', true], ['default (aliases)', false]] as const)('objdump %s text assembles back to the same word', (_name, noAliases) => {
    const dir = mkdtempSync(join(tmpdir(), 'gpesim-rt-'));
    try {
      const bin = join(dir, 'w.bin');
      const buf = Buffer.alloc(words.length * 4);
      words.forEach(({ word }, i) => buf.writeUInt32LE(word, 4 * i));
      writeFileSync(bin, buf);
      const out = execFileSync(GNU_OBJDUMP, ['-D', '-b', 'binary', '-m', 'riscv:rv32', ...(noAliases ? ['-M', 'no-aliases'] : []), `--adjust-vma=${BASE}`, bin], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const bad: string[] = [];
      let seen = 0;
      for (const line of out.split('\n')) {
        const m = /^\s*([0-9a-f]+):\s+([0-9a-f]{8})\s+(.*)$/.exec(line);
        if (!m) continue;
        seen++;
        const pc = parseInt(m[1]!, 16);
        const word = parseInt(m[2]!, 16) >>> 0;
        const text = m[3]!.replace(/\s+#.*$/, '').replace(/\s*<[^>]*>/, '').trim();
        try {
          const got = assembleInstruction(relativeTargets(text, pc), pc);
          if (got.length !== 1 || got[0] !== word) bad.push(`${text}: ${word.toString(16)} -> ${got.map((g) => g.toString(16)).join(' ')}`);
        } catch (e) {
          bad.push(`${text}: ${(e as Error).message}`);
        }
      }
      expect(seen).toBe(words.length);
      expect(bad).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
