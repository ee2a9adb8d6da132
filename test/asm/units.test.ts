// Unit tests of the lexer, expressions (GNU precedence, values checked against GNU as 2.40 by
// hand) and the preprocessor's argument handling.
import { describe, expect, it } from 'vitest';
import { TokenCursor, evaluate, parseExpr } from '../../toolchain/asm/expr';
import { liSequence } from '../../toolchain/asm/forms';
import { splitStatements, tokenize } from '../../toolchain/asm/lexer';
import { assemble } from '../../toolchain/asm/index';

function value(text: string): bigint {
  const toks = tokenize(text);
  const e = parseExpr(new TokenCursor(toks, text.length), { localRef: (n, d) => `${n}${d}` });
  const r = evaluate(e, { lookup: () => undefined, dot: { section: undefined, offset: 0n } });
  if (!r.ok) throw new Error('not ok');
  return BigInt.asIntN(32, r.value.offset);
}

describe('lexer', () => {
  it('splits statements at ; and drops # and /* */ comments, keeping columns', () => {
    const s = splitStatements('a: nop; addi a0, a0, 1 # c\n/* x\n y */ ret', 'f.s', []);
    expect(s.map((x) => [x.line, x.column, x.text.trim()])).toEqual([[1, 1, 'a: nop'], [1, 8, 'addi a0, a0, 1'], [2, 1, ''], [3, 1, 'ret']]);
  });
  it('tokenizes numbers, local refs, strings and characters with spans', () => {
    const t = tokenize(`0x1F 017 0b101 1b 2f 'a' "s\\n" fadd.s %`);
    expect(t.map((x) => [x.kind, x.kind === 'number' || x.kind === 'localref' ? x.value : x.text])).toEqual([
      ['number', 31], ['number', 15], ['number', 5], ['localref', 1], ['localref', 2], ['number', 97], ['string', 's\\n'], ['ident', 'fadd.s'], ['punct', '%'],
    ]);
    expect(t[1]!.start).toBe(5);
  });
});

describe('expressions (GNU as precedence and 64-bit evaluation)', () => {
  it.each([
    ['1 + 2 << 3', 17n], ['6 & 3 == 2', -1n], ['5 >> 1 * 2', 4n], ['4 + 1 & 2', 4n], ['1 < 2', -1n],
    ['-7 / 2', -3n], ['-7 % 2', -1n], ['0xfffffff0 >> 2', 0x3ffffffcn], ['1 << 33 >> 32', 2n], ['7 ! 2', -1n],
    ['~0', -1n], ['!5', 0n], ['(1 + 2) * 3', 9n], ['3 && 4', 1n], ['0 || 0', 0n],
  ])('%s = %s', (text, expected) => {
    expect(value(text)).toBe(expected);
  });
});

describe('li expansion (GNU load_const)', () => {
  it.each([
    [0, { addi: 0 }], [2047, { addi: 2047 }], [2048, { lui: 1, addi: -2048 }], [0x12345000, { lui: 0x12345 }],
    [-1, { addi: -1 }], [0x80000000, { lui: 0x80000 }], [0x7fffffff, { lui: 0x80000, addi: -1 }],
  ])('li %s', (v, seq) => {
    expect(liSequence(v)).toEqual(seq);
  });
});

describe('preprocessor', () => {
  const words = (text: string) => {
    const r = assemble([{ path: 'p.s', text: `.text\n${text}\n` }], { entry: undefined });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const t = r.image!.sections.find((s) => s.name === '.text')!;
    return Array.from({ length: t.size / 4 }, (_, i) => new DataView(t.data.buffer, t.data.byteOffset).getUint32(4 * i, true));
  };
  it('substitutes positional, keyword and default arguments', () => {
    expect(words('.macro m a, b=7\naddi \\a, \\a, \\b\n.endm\nm a0\nm b=3, a=a1')).toEqual([0x00750513, 0x00358593]);
  });
  it('expands .rept with .set counters and nested .irp', () => {
    expect(words('.set i, 0\n.rept 2\n.irp r, a0\naddi \\r, zero, i\n.endr\n.set i, i+1\n.endr')).toEqual([0x00000513, 0x00100513]);
  });
  it('.if sees symbols defined so far', () => {
    expect(words('.equ K, 2\n.if K == 2\nnop\n.else\nebreak\n.endif')).toEqual([0x00000013]);
  });
});

describe('mergeable sections', () => {
  const errors = (files: string[]) =>
    assemble(files.map((text, i) => ({ path: `m${i}.s`, text })), {}).diagnostics.filter((d) => d.severity === 'error');
  it('refuses entries GNU ld would merge (duplicates, aligned suffixes), across files too', () => {
    const sec = '.section .rodata.str1.1,"aMS",@progbits,1\n';
    expect(errors([`${sec}.string "beta"\n.string "ta"\n`]).map((d) => d.code)).toEqual(['A1502']);
    expect(errors([`${sec}.string "x"\n`, `${sec}.string "x"\n`]).map((d) => d.code)).toEqual(['A1502']);
    expect(errors(['.section .srodata.cst4,"aM",@progbits,4\n.word 1, 2, 1\n']).map((d) => d.code)).toEqual(['A1502']);
  });
  it('accepts them when nothing would merge (a suffix at an unaligned offset stays apart)', () => {
    const sec = '.section .rodata.str1.4,"aMS",@progbits,1\n.align 2\n';
    expect(errors([`${sec}.string "beta"\n.align 2\n.string "ta"\n`])).toEqual([]);
  });
});

describe('includes', () => {
  it('reports a file that includes itself, through another file', () => {
    const files: Record<string, string> = { 'a.s': '.include "b.s"\n', 'b.s': '.include "a.s"\n' };
    const r = assemble([{ path: 'a.s', text: files['a.s']! }], { readFile: (p) => (files[p] ? { path: p, text: files[p]! } : undefined) });
    const e = r.diagnostics.filter((d) => d.severity === 'error');
    expect(e.map((d) => d.code)).toEqual(['A1308']);
    expect(e[0]!.location?.file).toBe('b.s');
    expect(e[0]!.notes?.[0]?.location?.file).toBe('a.s');
  });
});
