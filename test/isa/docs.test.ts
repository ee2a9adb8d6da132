// docs/ISA.md is generated from the instruction and CSR tables; it must be in sync with them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderIsaDoc } from '../../toolchain/isa/docs';
import { CSRS } from '../../toolchain/isa/csrs';
import { INSTRUCTIONS } from '../../toolchain/isa/instructions';

const DOC = join(__dirname, '../../docs/ISA.md');

describe('docs/ISA.md', () => {
  it('equals renderIsaDoc() (regenerate: npm run build && node dist/toolchain/isa/docs.js > docs/ISA.md)', () => {
    expect(readFileSync(DOC, 'utf8')).toBe(renderIsaDoc());
  });

  it('lists every instruction with its match and mask, and every CSR', () => {
    const doc = renderIsaDoc();
    for (const s of INSTRUCTIONS) {
      expect(doc).toContain(`| \`${s.mnemonic}\` |`);
      expect(doc).toContain(`\`0x${s.match.toString(16).padStart(8, '0')}\` | \`0x${s.mask.toString(16).padStart(8, '0')}\``);
    }
    for (const c of CSRS) expect(doc).toContain(`| \`${c.name}\` |`);
    // Hand-checked rows: add is 0x00000033/0xfe00707f, fadd.s 0x00000053/0xfe00007f (riscv-opcodes).
    expect(doc).toContain('| `add` | `add rd, rs1, rs2` | `0x00000033` | `0xfe00707f` | alu |');
    expect(doc).toContain('| `fadd.s` | `fadd.s fd, fs1, fs2[, rm]` | `0x00000053` | `0xfe00007f` | fp-add |');
    expect(doc).toContain('| `0xfc0` | `mtileid` | read-only | yes |');
    expect(doc).toContain('| `0x7c0` | `mcachemode` | read/write | yes |');
  });
});
