// The shape of one `gpesim` subcommand. Each subcommand is a thin module over a library function
// that tests and users can call too; it parses its own flags (with `arg`) and returns an exit code.

export interface Command {
  readonly name: string;
  /** One line for `gpesim --help`. */
  readonly summary: string;
  /** Full text for `gpesim <name> --help`. */
  readonly usage: string;
  run(argv: readonly string[], io: CommandIo): Promise<number>;
}

/** Where a command writes; tests pass buffers, the CLI passes the process streams. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stdout is a terminal (progress bars and colours only then). */
  readonly isTty: boolean;
  readonly cwd: string;
}

/** A user error with a message fit to print as is (no stack): bad flag, missing file, ... */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A file named on the command line that cannot be read or written: printed as is, exit status 1. */
export class FileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileError';
  }
}
