// FUZZ: random and mutated sources (seeded) must give only clean diagnostics (never an
// exception), every diagnostic well-formed, within a hard time bound per input.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../toolchain/asm/index';
import { formatDiagnostic } from '../../toolchain/diagnostics';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 4294967296;
  };
}

const corpus = ['pseudo.s', 'directives.s', 'macros.s', 'relocs.s'].map((f) => readFileSync(join(__dirname, 'corpus', f), 'utf8'));
const PIECES = [
  ' ', ',', '(', ')', ':', ';', '#', '/*', '*/', '"', "'", '\\', '%hi(', '%pcrel_lo(', '.macro m a\n', '.endm\n', '.rept 3\n',
  '.endr\n', '.if 1\n', '.else\n', '.endif\n', '1:', '1b', '1f', 'a0', 'x31', 'ft0', '0x', '99999999999999999999', '-',
  '<<', '>>', '.word', '.include "x"', '\n', 'li', 'la', 'beq', 'call', '.section', '.align 40', 'fence', 'csrw', '.',
  '\\@', '\\()', '.irp r,', 'm\n', '.set x, x+1\n',
];
const LIMITS = { maxDepth: 20, maxStatements: 200_000 };

function check(text: string): void {
  const t0 = performance.now();
  let result;
  try {
    result = assemble([{ path: 'fuzz.s', text }], { limits: LIMITS, readFile: () => undefined });
  } catch (e) {
    throw new Error(`exception on input:\n${text}\n${(e as Error).stack}`);
  }
  const ms = performance.now() - t0;
  expect(ms, `took ${ms} ms on:\n${text.slice(0, 500)}`).toBeLessThan(2000);
  for (const d of result.diagnostics) {
    expect(d.code).toMatch(/^A\d{4}$/);
    const f = formatDiagnostic(d);
    expect(f).not.toMatch(/at .*\.ts:\d+/);
    if (d.location) expect(d.location.line).toBeGreaterThan(0);
  }
}

describe('assembler fuzz', () => {
  it('random token soup', () => {
    const rnd = seeded(7);
    for (let n = 0; n < 300; n++) {
      let text = '';
      const len = 1 + Math.floor(rnd() * 40);
      for (let i = 0; i < len; i++) text += PIECES[Math.floor(rnd() * PIECES.length)]!;
      check(text);
    }
  });

  it('mutated corpus files', () => {
    const rnd = seeded(11);
    for (let n = 0; n < 120; n++) {
      const base = corpus[n % corpus.length]!;
      const chars = [...base];
      const edits = 1 + Math.floor(rnd() * 6);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rnd() * chars.length);
        const op = Math.floor(rnd() * 3);
        if (op === 0) chars.splice(at, 1 + Math.floor(rnd() * 5));
        else if (op === 1) chars.splice(at, 0, PIECES[Math.floor(rnd() * PIECES.length)]!);
        else chars[at] = String.fromCharCode(32 + Math.floor(rnd() * 95));
      }
      check(chars.join(''));
    }
  });

  it('runaway recursion and huge repeats stop with a diagnostic', () => {
    for (const text of ['.macro r\nr\n.endm\nr\n', '.rept 100000000\nnop\n.endr\n', '.rept 1000\n.rept 1000\n.rept 1000\nnop\n.endr\n.endr\n.endr\n']) {
      const r = assemble([{ path: 'x.s', text }], { limits: LIMITS });
      expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    }
  });
});
