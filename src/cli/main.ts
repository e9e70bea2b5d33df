import { Command, CommanderError } from 'commander';
import { InputError } from '../data/errors.ts';
import { registerCommands } from './commands/index.ts';

/**
 * The `nabla` command line. Each command lives in its own file under commands/; this file
 * only wires them up and turns errors into one clear line on stderr with exit status 2:
 * bad input never shows a stack trace.
 */
export function createProgram(): Command {
  const program = new Command('nabla')
    .description('Neural networks trained by backpropagation, exactly as the formulas say.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run the command with --help for every flag, with examples)')
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'nabla: ')) })
    .exitOverride();
  registerCommands(program);
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput());
  return program;
}

const VERSION = '0.1.0';

export async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    return reportError(error);
  }
}

/** One line on stderr; exit status 2 for bad input, 1 for anything unexpected. */
export function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has printed its message already; --help and --version end here too.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    return 2;
  }
  if (error instanceof InputError || error instanceof RangeError) {
    process.stderr.write(`nabla: ${error.message}\n`);
    return 2;
  }
  process.stderr.write(`nabla: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
