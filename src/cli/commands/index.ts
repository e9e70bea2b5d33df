import type { Command } from 'commander';

/** Adds every nabla command to the program. One file per command. */
export function registerCommands(program: Command): void {
  void program;
}
