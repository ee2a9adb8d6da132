// Golden fixtures with inline expectations (LLVM's `# CHECK: encoding: [...]`, customasm's
// ok_/err_ names). ok_*.s: the bytes of the instructions from each CHECK line (expected bytes come
// from GNU as 2.40). err_*.s: each `# ERROR: CODE text` line must get a diagnostic with that code
// whose text contains `text`, and no other errors may appear.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../toolchain/asm/index';
import { formatDiagnostic } from '../../toolchain/diagnostics';

const DIR = join(__dirname, 'fixtures');
const files = readdirSync(DIR).filter((f) => f.endsWith('.s')).sort();

describe('assembler fixtures', () => {
  it.each(files.filter((f) => f.startsWith('ok_')))('%s', (name) => {
    const text = readFileSync(join(DIR, name), 'utf8');
    const r = assemble([{ path: name, text }], { debugLines: true, entry: undefined });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
    const text0 = r.image!.sections.find((s) => s.name === '.text')!;
    const byLine = new Map<number, number[]>();
    for (const l of r.image!.lines ?? []) {
      const off = l.address - text0.address;
      const list = byLine.get(l.line) ?? [];
      list.push(...text0.data.subarray(off, off + 4));
      byLine.set(l.line, list);
    }
    let checks = 0;
    text.split('\n').forEach((line, i) => {
      const m = /# CHECK: encoding: \[([^\]]*)\]/.exec(line);
      if (!m) return;
      checks++;
      const expected = m[1]!.trim() === '' ? [] : m[1]!.split(',').map((b) => Number(b.trim()));
      expect({ line: i + 1, bytes: byLine.get(i + 1) ?? [] }).toEqual({ line: i + 1, bytes: expected });
    });
    expect(checks).toBeGreaterThan(0);
  });

  it.each(files.filter((f) => f.startsWith('err_')))('%s', (name) => {
    const text = readFileSync(join(DIR, name), 'utf8');
    const r = assemble([{ path: name, text }], { readFile: () => undefined });
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    const expected = text.split('\n').flatMap((line, i) => {
      const m = /# ERROR: (A\d{4}) (.*)$/.exec(line);
      return m ? [{ line: i + 1, code: m[1]!, text: m[2]!.trim() }] : [];
    });
    expect(expected.length).toBeGreaterThan(0);
    for (const e of expected) {
      const hit = errors.find((d) => d.location?.line === e.line && d.code === e.code && d.text.includes(e.text));
      expect(hit, `line ${e.line}: expected ${e.code} '${e.text}'; got:\n${errors.map(formatDiagnostic).join('\n')}`).toBeDefined();
    }
    const unexpected = errors.filter((d) => !expected.some((e) => e.line === d.location?.line));
    expect(unexpected.map(formatDiagnostic)).toEqual([]);
    for (const d of errors) expect(formatDiagnostic(d)).toMatch(new RegExp(`^${name}:\\d+:\\d+: error: `));
  });
});
