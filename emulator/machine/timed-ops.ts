// The timed machine's per-op vocabulary, shared by `TimedMachine.retired` (timed.ts) and the timed
// blocks (timed-jit.ts): how an op is timed, and the layout of the per-register ready times.

import { TIMING_CLASS_NAMES } from '../core/ops';

/** How an op is timed. */
export const K_EXEC = 0;
export const K_BRANCH = 1;
export const K_JUMP = 2;
export const K_LOAD = 3;
export const K_STORE = 4;
export const K_AMO = 5;
export const K_LR = 6;
export const K_SC = 7;
export const K_UNPIPELINED = 8;

/** Register slots per hart in the ready arrays: x0..x31, the x0 write sink (32), f0..f31. */
export const REGS = 65;
export const F_BASE = 33;

export const CLASS_COUNT = TIMING_CLASS_NAMES.length;
