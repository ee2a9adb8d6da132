// Messages between `runExperiments` (./parallel.ts) and its worker threads (./worker.ts). Every
// field is plain data that survives structured clone: experiment units, the machine config (a
// plain object), unit results (LaunchRecords are object literals of numbers, strings and null),
// and errors flattened to name + message + own fields, rebuilt on this side as the same class so
// the CLI prints the same message and exit status as in the sequential path.
import { ConfigError } from '../../emulator/machine/config';
import { KernelShapeError } from '../reference/shapes';
import { KernelBuildError, type KernelImage } from '../runtime/image';
import { LaunchError } from '../runtime/machine';
import type { ExperimentUnit, UnitContext, UnitResult } from './index';

/** workerData of each worker. */
export interface WorkerSetup {
  /** The caller's kernel image, when it gave one; otherwise the worker assembles ours. */
  readonly image?: KernelImage;
}

export interface ToWorker {
  readonly task: number;
  readonly ctx: UnitContext;
  readonly unit: ExperimentUnit;
}

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** Own enumerable fields of the error (e.g. ConfigError's key), when they are plain. */
  readonly fields: Record<string, unknown>;
}

export type FromWorker =
  | { readonly type: 'progress'; readonly task: number; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly task: number; readonly result: UnitResult }
  | { readonly type: 'error'; readonly task: number; readonly error: SerializedError };

/** The error classes the CLI tells apart (message and exit status); others become plain Errors. */
const KNOWN: Readonly<Record<string, { prototype: Error }>> = { LaunchError, KernelShapeError, KernelBuildError, ConfigError };

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(error)) if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) fields[k] = v;
  return { name: error.name, message: error.message, stack: error.stack, fields };
}

/** The worker's error as an instance of the same class (known ones), message unchanged. */
export function deserializeError(e: SerializedError): Error {
  const error = new Error(e.message);
  const cls = KNOWN[e.name];
  if (cls !== undefined) Object.setPrototypeOf(error, cls.prototype);
  Object.assign(error, e.fields);
  error.name = e.name;
  if (e.stack !== undefined) error.stack = e.stack;
  return error;
}
