// Every subcommand, in the order `gpesim --help` lists them. Add one line per command.
import type { Command } from '../command';

export const COMMANDS: readonly Command[] = [
];
