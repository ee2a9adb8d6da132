// Diagnostics as data (esbuild's Message, the TypeScript compiler's stable codes): every pass
// returns them instead of throwing, errors accumulate, and the CLI formats them as
// `file:line:col: error: text`, the source line and a caret. Nobody prints a stack trace.

export type Severity = 'error' | 'warning' | 'note';

export interface SourceLocation {
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** How many characters the caret underlines (at least 1). */
  readonly length: number;
  /** The whole source line, for the caret display. */
  readonly lineText: string;
}

export interface Diagnostic {
  readonly severity: Severity;
  /** Stable code, e.g. `A1001`; documented in docs/ASSEMBLY.md. */
  readonly code: string;
  readonly text: string;
  readonly location?: SourceLocation;
  /** Extra lines such as `did you mean 'addi'?` or `macro 'foo' expanded here`. */
  readonly notes?: readonly { readonly text: string; readonly location?: SourceLocation }[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

function formatLocated(severity: string, text: string, loc: SourceLocation | undefined): string {
  if (!loc) return `gpesim: ${severity}: ${text}`;
  const head = `${loc.file}:${loc.line}:${loc.column}: ${severity}: ${text}`;
  const caret = ' '.repeat(Math.max(0, loc.column - 1)) + '^' + '~'.repeat(Math.max(0, loc.length - 1));
  return `${head}\n  ${loc.lineText.replace(/\t/g, ' ')}\n  ${caret}`;
}

/** Formats one diagnostic the way GNU tools and compilers do, with the source line and a caret. */
export function formatDiagnostic(d: Diagnostic): string {
  const lines = [formatLocated(d.severity, d.text, d.location)];
  for (const note of d.notes ?? []) lines.push(formatLocated('note', note.text, note.location));
  return lines.join('\n');
}
