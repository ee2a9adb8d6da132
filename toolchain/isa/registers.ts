// Register names: ABI names (what objdump prints) and the architectural x/f numbers.

export const X_ABI_NAMES: readonly string[] = Object.freeze([
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
]);

export const F_ABI_NAMES: readonly string[] = Object.freeze([
  'ft0', 'ft1', 'ft2', 'ft3', 'ft4', 'ft5', 'ft6', 'ft7', 'fs0', 'fs1', 'fa0', 'fa1', 'fa2', 'fa3',
  'fa4', 'fa5', 'fa6', 'fa7', 'fs2', 'fs3', 'fs4', 'fs5', 'fs6', 'fs7', 'fs8', 'fs9', 'fs10', 'fs11',
  'ft8', 'ft9', 'ft10', 'ft11',
]);

const xByName = new Map<string, number>();
const fByName = new Map<string, number>();
for (let i = 0; i < 32; i++) {
  xByName.set(`x${i}`, i);
  xByName.set(X_ABI_NAMES[i]!, i);
  fByName.set(`f${i}`, i);
  fByName.set(F_ABI_NAMES[i]!, i);
}
xByName.set('fp', 8);

/** Integer register number for `x5`, `t0`, `fp`...; undefined if not an integer register name. */
export function xRegister(name: string): number | undefined {
  return xByName.get(name);
}

/** FP register number for `f10`, `fa0`...; undefined if not an FP register name. */
export function fRegister(name: string): number | undefined {
  return fByName.get(name);
}

/** Rounding-mode operand names in encoding order; 5 and 6 are reserved, 7 is dynamic (frm). */
export const ROUNDING_MODES = Object.freeze({ rne: 0, rtz: 1, rdn: 2, rup: 3, rmm: 4, dyn: 7 } as const);
export type RoundingModeName = keyof typeof ROUNDING_MODES;
export const ROUNDING_MODE_NAMES: readonly (string | undefined)[] = Object.freeze([
  'rne', 'rtz', 'rdn', 'rup', 'rmm', undefined, undefined, 'dyn',
]);
