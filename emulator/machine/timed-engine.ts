// A variant of H4's observed interpreter whose observer can stop it: the generated loop calls
// `obs.retired(...)` after each instruction; here that call becomes
// `if (obs.retired(...)) break loop;`, so the timed machine can hold a GPE at a memory access
// until that access is the earliest in simulated time, and otherwise let it run on without
// leaving the interpreter. Built from `engineSource('observed')` (one source of semantics); if
// the source does not have the shape this expects, `STOPPABLE_ENGINE` is null and the timed
// machine falls back to running basic blocks with `Hart.run` (same cycles, more engine entries).
// TODO(H4): an observer-return check in engine.ts itself would make this file unnecessary.

import * as fp from '../core/fp32';
import { mulh, mulhsu, mulhu } from '../core/alu';
import { engineSource, type Engine } from '../core/engine';

function observedSource(): string | null {
  try {
    return engineSource('observed');
  } catch {
    return null;
  }
}

/**
 * True when H4's observed engine already stops when `retired` returns true (then `Hart.run` is
 * used as is and no variant is built).
 */
export const ENGINE_STOPS_NATIVELY: boolean = /if \(obs\.retired\([^;]*\)\) break loop;/.test(observedSource() ?? '');

function build(): Engine | null {
  if (ENGINE_STOPS_NATIVELY) return null;
  const source = observedSource();
  if (source === null) return null;
  const call = /\n(\s*)obs\.retired\((h, \w+, \w+, ipc)\);/;
  if (!call.test(source) || !/\bloop: while\b/.test(source)) return null;
  const patched = source.replace(call, '\n$1if (obs.retired($2)) break loop;');
  const lib: Record<string, unknown> = { ...fp, mulh, mulhsu, mulhu };
  // Every name the generated code takes from `lib` must be there.
  const names = /const \{([^}]*)\} = lib;/.exec(patched);
  if (names === null) return null;
  for (const name of names[1]!.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    if (!(name in lib)) return null;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    return new Function('lib', patched)(lib) as Engine;
  } catch {
    return null;
  }
}

/** The stoppable observed engine, or null when not needed (native) or not derivable. */
export const STOPPABLE_ENGINE: Engine | null = build();
