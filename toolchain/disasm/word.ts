// One instruction word to the text objdump prints in its instruction column: the mnemonic, a
// TAB, the operands separated by `,`, and, when an address can be worked out (a `lui`/`auipc`
// followed by an instruction adding a 12-bit offset to the same register, or a gp/tp/zero based
// access), ` # <address> <symbol>`. Every operand is printed from its OperandKind; the only
// per-mnemonic knowledge is the data in forms.ts.

import { CUSTOM_CSRS, csrByNumber } from '../isa/csrs';
import { immB, immI, immJ, immS, rdOf, rs1Of, rs2Of, rs3Of, rmOf, csrOf } from '../isa/fields';
import { decode, type InstructionSpec, type OperandKind } from '../isa/instructions';
import { F_ABI_NAMES, ROUNDING_MODE_NAMES, X_ABI_NAMES } from '../isa/registers';
import { ADDRESS_HIGH_PARTS, ADDRESS_LOW_PARTS, PRINT_FORMS, fieldValue, formMatches } from './forms';

export interface DisasmOptions {
  /** Print aliases (`li`, `mv`, `ret`...) as objdump does by default; false is `-M no-aliases`. */
  readonly aliases: boolean;
  /**
   * Names an address for branch targets and `# addr` comments: returns what objdump prints
   * between `<` and `>` (e.g. `main+0x8`), or undefined to print the bare hex address. Without
   * it, addresses print as `0x...` like objdump on a file without symbols.
   */
  readonly symbolAt?: (address: number) => string | undefined;
  /** Print the gpesim custom CSRs by name (objdump, which does not know them, prints numbers). */
  readonly customCsrNames?: boolean;
}

/**
 * What objdump remembers between instructions: the value of registers last written by `lui` or
 * `auipc` (consumed by the next instruction that adds an offset to them) and the global pointer.
 */
export class DisasmState {
  readonly high: (number | undefined)[] = new Array<number | undefined>(32).fill(undefined);
  constructor(readonly globalPointer: number | undefined = undefined) {}
}

// fence predecessor/successor sets as objdump spells them; 0 has no name.
const FENCE_SETS: readonly (string | undefined)[] = [
  undefined, 'w', 'r', 'rw', 'o', 'ow', 'or', 'orw', 'i', 'iw', 'ir', 'irw', 'io', 'iow', 'ior', 'iorw',
];

const CUSTOM_CSR_NUMBERS = new Set<number>(Object.values(CUSTOM_CSRS));

const hex = (n: number): string => (n >>> 0).toString(16);

/** objdump's text for a word it cannot decode as one of our instructions. */
export function unknownWord(word: number): string {
  return `.4byte\t0x${hex(word)}`;
}

/** Renders an address as objdump's print_address_func does. */
export function addressText(address: number, options: DisasmOptions): string {
  const a = address >>> 0;
  if (!options.symbolAt) return `0x${hex(a)}`;
  const sym = options.symbolAt(a);
  return sym === undefined ? hex(a) : `${hex(a)} <${sym}>`;
}

/** Per-instruction scratch: the address objdump decided to print after the operands. */
interface Comment {
  address: number | undefined;
}

function rememberAddress(state: DisasmState, comment: Comment, base: number, offset: number): void {
  const high = state.high[base];
  let address: number;
  if (high !== undefined) {
    address = (base !== 0 ? high : 0) + offset;
    state.high[base] = undefined;
  } else if (base === 3 && state.globalPointer !== undefined) {
    address = state.globalPointer + offset;
  } else if (base === 4 || base === 0) {
    address = offset;
  } else {
    return;
  }
  comment.address = address >>> 0;
}

function lowPart(spec: InstructionSpec, word: number, state: DisasmState, comment: Comment): void {
  const rule = ADDRESS_LOW_PARTS[spec.mnemonic];
  if (rule === 'any-base' || (rule === 'nonzero-base' && rs1Of(word) !== 0)) {
    rememberAddress(state, comment, rs1Of(word), immI(word));
  }
}

function operandText(
  kind: OperandKind,
  spec: InstructionSpec,
  word: number,
  pc: number,
  options: DisasmOptions,
  state: DisasmState,
  comment: Comment,
): string {
  switch (kind) {
    case 'xd': {
      const high = ADDRESS_HIGH_PARTS[spec.mnemonic];
      if (high === 'absolute') state.high[rdOf(word)] = (word & 0xfffff000) >>> 0;
      else if (high === 'pc-relative') state.high[rdOf(word)] = (pc + (word & 0xfffff000)) >>> 0;
      return X_ABI_NAMES[rdOf(word)]!;
    }
    case 'xs1':
      if (ADDRESS_LOW_PARTS[spec.mnemonic] === 'any-base') rememberAddress(state, comment, rs1Of(word), immI(word));
      return X_ABI_NAMES[rs1Of(word)]!;
    case 'xs2':
      return X_ABI_NAMES[rs2Of(word)]!;
    case 'fd':
      return F_ABI_NAMES[rdOf(word)]!;
    case 'fs1':
      return F_ABI_NAMES[rs1Of(word)]!;
    case 'fs2':
      return F_ABI_NAMES[rs2Of(word)]!;
    case 'fs3':
      return F_ABI_NAMES[rs3Of(word)]!;
    case 'imm12':
      lowPart(spec, word, state, comment);
      return String(immI(word));
    case 'shamt':
      return `0x${hex(rs2Of(word))}`;
    case 'uimm20':
      return `0x${hex(word >>> 12)}`;
    case 'mem': {
      rememberAddress(state, comment, rs1Of(word), immI(word));
      lowPart(spec, word, state, comment);
      const offset = immI(word);
      if (ADDRESS_LOW_PARTS[spec.mnemonic] === 'any-base') rememberAddress(state, comment, rs1Of(word), offset);
      return `${offset}(${X_ABI_NAMES[rs1Of(word)]})`;
    }
    case 'smem':
      rememberAddress(state, comment, rs1Of(word), immS(word));
      return `${immS(word)}(${X_ABI_NAMES[rs1Of(word)]})`;
    case 'amem':
      return `(${X_ABI_NAMES[rs1Of(word)]})`;
    case 'btarget':
      return addressText(pc + immB(word), options);
    case 'jtarget':
      return addressText(pc + immJ(word), options);
    case 'csr': {
      const number = csrOf(word);
      const known = csrByNumber(number);
      if (known && (options.customCsrNames || !CUSTOM_CSR_NUMBERS.has(number))) return known.name;
      return `0x${hex(number)}`;
    }
    case 'zimm':
      return String(rs1Of(word));
    case 'rm': {
      const rm = rmOf(word);
      // The rounding mode is optional: objdump leaves out the default, dynamic (7).
      return rm === 7 ? '' : (ROUNDING_MODE_NAMES[rm] ?? 'unknown');
    }
    case 'pred':
      return FENCE_SETS[fieldValue(word, 'pred')] ?? 'unknown';
    case 'succ':
      return FENCE_SETS[fieldValue(word, 'succ')] ?? 'unknown';
    default: {
      const never: never = kind;
      throw new Error(`unknown operand kind ${String(never)}`);
    }
  }
}

/**
 * Disassembles one 32-bit instruction at `pc` as objdump's instruction column shows it. `state`
 * carries objdump's address tracking from one instruction to the next; without it each word is
 * disassembled on its own.
 */
export function disassembleWord(word: number, pc: number, options: DisasmOptions, state = new DisasmState()): string {
  const w = word >>> 0;
  const spec = decode(w);
  if (!spec) return unknownWord(w);
  for (const form of PRINT_FORMS.get(spec.id)!) {
    if ((form.alias && !options.aliases) || !formMatches(form, w)) continue;
    const comment: Comment = { address: undefined };
    const operands: string[] = [];
    for (const kind of form.operands) {
      const text = operandText(kind, spec, w, pc >>> 0, options, state, comment);
      if (text !== '') operands.push(text);
    }
    let text = operands.length > 0 ? `${form.name}\t${operands.join(',')}` : form.name;
    if (comment.address !== undefined) text += ` # ${addressText(comment.address, options)}`;
    return text;
  }
  return unknownWord(w);
}
