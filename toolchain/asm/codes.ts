// Stable diagnostic codes of the assembler (documented in docs/ASSEMBLY.md). Never renumber.

import type { Diagnostic, SourceLocation } from '../diagnostics';

export const CODES = Object.freeze({
  syntax: 'A1001',
  unterminatedString: 'A1002',
  unterminatedComment: 'A1003',
  unknownMnemonic: 'A1101',
  operandCount: 'A1102',
  operandKind: 'A1103',
  immediateRange: 'A1104',
  notConstant: 'A1105',
  badRegister: 'A1106',
  badExpression: 'A1107',
  undefinedSymbol: 'A1201',
  duplicateSymbol: 'A1202',
  badSymbolUse: 'A1203',
  branchRange: 'A1204',
  pcrelLo: 'A1205',
  unknownDirective: 'A1301',
  badDirective: 'A1302',
  unterminatedMacro: 'A1303',
  unterminatedRept: 'A1304',
  unterminatedIf: 'A1305',
  unmatchedEnd: 'A1306',
  missingInclude: 'A1307',
  includeRecursion: 'A1308',
  macroRecursion: 'A1309',
  macroArguments: 'A1310',
  userError: 'A1311',
  valueTruncated: 'A1401',
  entry: 'A1501',
  sectionOverlap: 'A1502',
} as const);

export type Code = (typeof CODES)[keyof typeof CODES];

export function error(code: Code, text: string, location?: SourceLocation, notes?: Diagnostic['notes']): Diagnostic {
  return { severity: 'error', code, text, ...(location ? { location } : {}), ...(notes && notes.length ? { notes } : {}) };
}

export function warning(code: Code, text: string, location?: SourceLocation, notes?: Diagnostic['notes']): Diagnostic {
  return { severity: 'warning', code, text, ...(location ? { location } : {}), ...(notes && notes.length ? { notes } : {}) };
}
