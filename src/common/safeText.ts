/**
 * Text that came from a file (a class name, a CSV label, a model's "format" string) is
 * printed through `safeText`, so a file cannot drive the terminal: an ESC sequence could
 * retitle it or hide output, a newline could forge a `nabla:` line, a bidirectional
 * override could reorder what is shown, and a 5 MB string would be a 5 MB line.
 *
 * Control characters (C0, DEL, C1), line and paragraph separators and the bidirectional
 * controls are shown escaped (\n, \t, \e, \u202e, …); a value longer than `max` characters is
 * cut, saying how much was left out. Pure: no I/O.
 */

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\x1b': '\\e' };

/** The characters escaped: C0 controls, DEL, C1 controls, U+2028/2029, bidi marks, embeddings, overrides and isolates. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** The default cut: long enough for any real class name or label, short enough for one line. */
export const SAFE_TEXT_MAX = 80;

function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `value` with unsafe characters escaped and cut to at most `max` characters of the original. */
export function safeText(value: string, max = SAFE_TEXT_MAX): string {
  const cut = value.length > max;
  // Do not split a surrogate pair at the cut.
  let end = cut ? max : value.length;
  if (cut && end > 0 && /[\ud800-\udbff]/.test(value[end - 1])) end--;
  const shown = value.slice(0, end).replace(UNSAFE, escapeChar);
  return cut ? `${shown}… (${value.length - end} more characters)` : shown;
}

/** True when `value` holds a character that `safeText` would escape. */
export function hasUnsafeText(value: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(value);
  UNSAFE.lastIndex = 0;
  return found;
}

/** What JSON.stringify leaves as it is but a terminal acts on: DEL, the C1 controls, U+2028/2029 and the bidi controls (C0 it escapes itself). */
const UNSAFE_IN_JSON = /[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/**
 * JSON.stringify(value), with the characters that could drive a terminal or reorder what it
 * shows written as \uXXXX escapes: the same JSON value, so any parser reads the text back
 * unchanged, but `--json` piped to a terminal prints a class name with U+202E as `\u202e`.
 * Such characters can only occur inside strings, where the escape is valid JSON.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
