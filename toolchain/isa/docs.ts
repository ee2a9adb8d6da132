// Renders docs/ISA.md from the instruction table and the CSR table, so the document cannot drift
// from what the decoder, assembler and disassembler use. Regenerate after changing either table:
//
//   npm run build && node dist/toolchain/isa/docs.js > docs/ISA.md
//
// test/isa/docs.test.ts fails when docs/ISA.md differs from renderIsaDoc().

import { CSRS, CUSTOM_CSRS, CACHE_MODE_BITS, type CsrSpec } from './csrs';
import { INSTRUCTIONS, type Extension, type InstructionSpec, type OperandKind } from './instructions';
import { PRINT_FORMS, type FormCondition } from '../disasm/forms';

const EXTENSION_TITLES: Record<Extension, string> = {
  I: 'RV32I base integer instructions',
  M: 'M: integer multiplication and division',
  A: 'A: atomic memory operations',
  F: 'F: single-precision floating point',
  Zicsr: 'Zicsr: control and status register instructions',
  Zifencei: 'Zifencei: instruction-fetch fence',
  Priv: 'Privileged instructions',
};
const EXTENSION_ORDER: readonly Extension[] = ['I', 'M', 'A', 'F', 'Zicsr', 'Zifencei', 'Priv'];

/** How each operand kind is written in assembly; `rm` is optional and shown in brackets. */
const OPERAND_SYNTAX: Record<OperandKind, string> = {
  xd: 'rd',
  xs1: 'rs1',
  xs2: 'rs2',
  fd: 'fd',
  fs1: 'fs1',
  fs2: 'fs2',
  fs3: 'fs3',
  imm12: 'imm12',
  shamt: 'shamt',
  uimm20: 'imm20',
  mem: 'imm12(rs1)',
  smem: 'imm12(rs1)',
  amem: '(rs1)',
  btarget: 'label',
  jtarget: 'label',
  csr: 'csr',
  zimm: 'uimm5',
  rm: 'rm',
  pred: 'pred',
  succ: 'succ',
};

const OPERAND_MEANING: readonly [string, string][] = [
  ['rd, rs1, rs2', 'integer registers x0-x31 (ABI names zero, ra, sp, gp, tp, t0-t6, s0-s11, a0-a7; fp = s0)'],
  ['fd, fs1, fs2, fs3', 'floating-point registers f0-f31 (ABI names ft0-ft11, fs0-fs11, fa0-fa7)'],
  ['imm12', 'signed 12-bit immediate, -2048..2047'],
  ['shamt', 'shift amount 0..31'],
  ['imm20', 'upper immediate 0..0xfffff (placed in bits 31..12)'],
  ['imm12(rs1)', 'address rs1 + signed 12-bit offset'],
  ['(rs1)', 'address in rs1 (atomics; `0(rs1)` is accepted too)'],
  ['label', 'branch target within +-4 KiB (B-type) or jump target within +-1 MiB (J-type)'],
  ['csr', 'CSR name or number 0..4095 (see the CSR tables below)'],
  ['uimm5', 'unsigned 5-bit immediate 0..31, in the rs1 field'],
  ['rm', 'optional rounding mode: rne, rtz, rdn, rup, rmm or dyn (the default)'],
  ['pred, succ', 'fence sets: any non-empty combination of i, o, r, w in that order (e.g. `iorw`, `rw`)'],
];

function syntaxOf(spec: InstructionSpec): string {
  const parts = spec.syntax.filter((k) => k !== 'rm').map((k) => OPERAND_SYNTAX[k]);
  let text = parts.join(', ');
  if (spec.syntax.includes('rm')) text += text === '' ? '[rm]' : '[, rm]';
  return text === '' ? '' : `\`${spec.mnemonic} ${text}\``;
}

const hex32 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
const hex3 = (n: number): string => `0x${n.toString(16).padStart(3, '0')}`;

function instructionSection(extension: Extension): string[] {
  const specs = INSTRUCTIONS.filter((s) => s.extension === extension);
  const lines = [
    `### ${EXTENSION_TITLES[extension]} (${specs.length})`,
    '',
    '| Mnemonic | Syntax | Match | Mask | Timing class |',
    '|---|---|---|---|---|',
  ];
  for (const s of specs) {
    lines.push(`| \`${s.mnemonic}\` | ${syntaxOf(s) || `\`${s.mnemonic}\``} | \`${hex32(s.match)}\` | \`${hex32(s.mask)}\` | ${s.timing} |`);
  }
  lines.push('');
  return lines;
}

function conditionText(c: FormCondition): string {
  if (c.kind === 'same') return `${c.field}=${c.other}`;
  if (c.field === 'csr') return `csr=${hex3(c.value)}`;
  if (c.field === 'imm12' && c.value >= 2048) return `imm12=${c.value - 4096}`; // signed
  return `${c.field}=${c.value}`;
}

/** The disassembler's alias table (toolchain/disasm/forms.ts), instruction by instruction. */
function aliasSection(): string[] {
  const lines = [
    '## How the disassembler prints instructions',
    '',
    '`gpesim disasm` prints what `objdump -d` (binutils 2.40) prints. For each instruction it tries',
    'these forms top to bottom and uses the first whose condition holds; an instruction not listed,',
    'or whose forms all fail, prints in its own syntax. Forms marked *alias* are skipped with',
    '`--no-aliases` (objdump `-M no-aliases`); the others are printed in both modes. A word that',
    'decodes to nothing prints as `.4byte 0x...`.',
    '',
    '| Instruction | Printed as | When | Kind |',
    '|---|---|---|---|',
  ];
  for (const spec of INSTRUCTIONS) {
    const forms = PRINT_FORMS.get(spec.id) ?? [];
    if (forms.length === 1 && forms[0]!.conditions.length === 0 && forms[0]!.name === spec.mnemonic) continue;
    for (const form of forms) {
      const operands = form.operands.filter((k) => k !== 'rm').map((k) => OPERAND_SYNTAX[k]).join(', ');
      const printed = `\`${form.name}${operands ? ` ${operands}` : ''}${form.operands.includes('rm') ? '[, rm]' : ''}\``;
      const when = form.conditions.length === 0 ? 'always' : form.conditions.map(conditionText).join(', ');
      lines.push(`| \`${spec.mnemonic}\` | ${printed} | ${when} | ${form.alias ? 'alias' : 'instruction'} |`);
    }
  }
  lines.push('');
  return lines;
}

function csrRow(c: CsrSpec): string {
  return `| \`${hex3(c.number)}\` | \`${c.name}\` | ${c.access === 'ro' ? 'read-only' : 'read/write'} | ${c.implemented ? 'yes' : 'no'} | ${c.description} |`;
}

/** The full text of docs/ISA.md. */
export function renderIsaDoc(): string {
  const custom = new Set<number>(Object.values(CUSTOM_CSRS));
  const implemented = CSRS.filter((c) => c.implemented && !custom.has(c.number)).sort((a, b) => a.number - b.number);
  const customCsrs = CSRS.filter((c) => custom.has(c.number)).sort((a, b) => a.number - b.number);
  const known = CSRS.filter((c) => !c.implemented).sort((a, b) => a.number - b.number);
  const timingClasses = [...new Set(INSTRUCTIONS.map((s) => s.timing))];

  const lines: string[] = [
    '# The gpesim instruction set',
    '',
    '<!-- Generated from toolchain/isa/instructions.ts and toolchain/isa/csrs.ts: do not edit by hand.',
    '     Regenerate with: npm run build && node dist/toolchain/isa/docs.js > docs/ISA.md',
    '     test/isa/docs.test.ts checks that this file is in sync with the tables. -->',
    '',
    `Each GPE is an RV32IMAF hart with Zicsr and Zifencei, plus \`mret\` and \`wfi\`: ${INSTRUCTIONS.length} instructions`,
    '(the A extension counts each of its `.aq`/`.rl`/`.aqrl` orderings separately, as GNU as spells them).',
    'Nothing compressed (no C extension). All of them come from one table; the decoder, the assembler,',
    'the disassembler and this page read it.',
    '',
    'An instruction word `w` is instruction X when `(w & mask) == match`. No two entries overlap and',
    'every one of the 32 bits is either fixed (in the mask) or an operand field (tested in test/isa).',
    '',
    '## Operands',
    '',
    '| Operand | Meaning |',
    '|---|---|',
    ...OPERAND_MEANING.map(([o, m]) => `| \`${o}\` | ${m} |`),
    '',
    '## Timing classes',
    '',
    `Every instruction belongs to one timing class (${timingClasses.map((t) => `\`${t}\``).join(', ')}); the timed`,
    'model charges each class the latency configured in the machine configuration (see',
    'emulator/machine/timed.ts).',
    '',
    '## Instructions',
    '',
  ];
  for (const ext of EXTENSION_ORDER) lines.push(...instructionSection(ext));
  lines.push(...aliasSection());

  lines.push(
    '## Control and status registers',
    '',
    'CSR numbers encode their access: bits 11..10 = `11` means read-only (writing one is an illegal',
    'instruction), bits 9..8 give the lowest privilege level that may access it. GPEs run in machine',
    'mode only.',
    '',
    '### Standard CSRs implemented by the GPE',
    '',
    '| Number | Name | Access | Implemented | Description |',
    '|---|---|---|---|---|',
    ...implemented.map(csrRow),
    '',
    '### gpesim custom CSRs',
    '',
    'The privileged specification reserves CSR numbers for custom use. gpesim places its per-GPE',
    'identity and configuration registers there, so no standard CSR is redefined:',
    '',
    '- `0xFC0`-`0xFFF`: machine-level, **read-only** custom CSRs (bits 11..10 = `11`). The topology',
    '  registers live here: they are fixed for a run.',
    '- `0x7C0`-`0x7FF`: machine-level, **read/write** custom CSRs. The cache-mode register lives here:',
    '  writing it reconfigures the caches.',
    '',
    'GNU tools do not know these names: write them by number (e.g. `csrr a0, 0xfc0`) for GNU as;',
    "gpesim's assembler accepts the names, and `gpesim disasm` prints numbers, like objdump.",
    '',
    '| Number | Name | Access | Implemented | Description |',
    '|---|---|---|---|---|',
    ...customCsrs.map(csrRow),
    '',
    `\`mcachemode\` bits: bit 0 (value ${CACHE_MODE_BITS.l1Private}) = L1 private, bit 1 (value ${CACHE_MODE_BITS.l2Private}) = L2 private;`,
    'a clear bit means shared.',
    '',
    '### Other CSR names',
    '',
    `These ${known.length} standard CSRs (every name GNU binutils 2.40 knows) are accepted by name by the`,
    'assembler and printed by name by the disassembler, but the GPE does not implement them:',
    'accessing one raises an illegal instruction exception.',
    '',
    '| Number | Name | Access | Implemented | Description |',
    '|---|---|---|---|---|',
    ...known.map(csrRow),
    '',
  );
  return lines.join('\n');
}

if (require.main === module) {
  process.stdout.write(renderIsaDoc());
}
