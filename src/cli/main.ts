import { Command, CommanderError } from 'commander';
import { safeText } from '../common/safeText.ts';
import { InputError } from '../common/errors.ts';
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
    // Commander's message and our hint on ONE line (its own showHelpAfterError writes a second).
    .configureOutput({ outputError: (text, write) => write(`${oneLine(text.replace(/^error: /, 'nabla: '))}; run the command with --help for every flag, with examples\n`) })
    .addHelpText(
      'after',
      `
Run 'nabla COMMAND --help' for every flag of a command, with examples.

Examples:
  nabla train --epochs 10 --save mnist.json
  nabla evaluate --model mnist.json
  nabla init --sizes 2,3,1 --seed 7 --out tiny.json
  nabla explain --model tiny.json --input 1,0 --target 1
  nabla predict --model tiny.json --input inputs.csv
  nabla gradcheck --sizes 4,5,3`,
    )
    .exitOverride();
  registerCommands(program);
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput());
  return program;
}

const VERSION = '0.1.0';

/** The longest error line printed: every message nabla writes is shorter; a value quoted from a file is cut before this. */
const MESSAGE_MAX = 1000;

/** Commander's multi-line messages ("unknown option …\n(Did you mean …?)") as one line. */
function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

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
    // Messages quote text from files: escape what could drive the terminal, and bound the line.
    process.stderr.write(`nabla: ${safeText(error.message, MESSAGE_MAX)}\n`);
    return 2;
  }
  process.stderr.write(`nabla: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
