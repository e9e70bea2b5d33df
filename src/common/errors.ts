import { safeText } from '../common/safeText.ts';

/**
 * The error for bad input: a file that is missing, malformed or inconsistent, an option
 * out of range. Its message is one line that says what was wrong (which file, which
 * row / column / field, what was expected, what was found) and what to do about it,
 * so the CLI can print it as it is (exit status 2) with no stack trace.
 *
 * Pure: no Node APIs, so parsers that run in the browser throw it too.
 */
export class InputError extends Error {
  /** The file (or other named input) the problem is in, when there is one. */
  readonly file: string | undefined;

  /**
   * With `file`, the message is prefixed with `file: ` unless it already starts with the
   * file or names it in quotes ('file').
   * `cause` keeps the low-level error (a zlib or fs error) for debugging.
   */
  constructor(message: string, options: { file?: string; cause?: unknown } = {}) {
    const oneLine = message.replace(/\s*\r?\n\s*/g, ' ');
    const { file, cause } = options;
    const named = file === undefined || oneLine.startsWith(file) || oneLine.includes(`'${file}'`);
    super(named ? oneLine : `${file}: ${oneLine}`, cause === undefined ? undefined : { cause });
    this.name = 'InputError';
    this.file = file;
  }
}

/** Quotes a value found in the input for an error message: control characters escaped, shortened if it is long. */
export function quote(value: string, max = 40): string {
  return `'${safeText(value, max)}'`;
}
