// Every subcommand, in the order `gpesim --help` lists them. Add one line per command.
import type { Command } from '../command';
import { runCommand } from './run';
import { disasmCommand } from './disasm';
import { debugCommand } from './debug';
import { gdbserverCommand } from './gdbserver';
import { asmCommand } from './asm';
import { verifyCommand } from './verify';
import { experimentCommand } from './experiment';

export const COMMANDS: readonly Command[] = [
  runCommand,
  disasmCommand,
  debugCommand,
  gdbserverCommand,
  asmCommand,
  verifyCommand,
  experimentCommand,
];
