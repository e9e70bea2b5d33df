/**
 * Numbers typed on a command line or in a URL, read as a person means them: decimal only.
 * Number() alone reads '0x10' as 16, '1e3' as 1000, '0b11' as 3 and '' as 0.
 */

/** A whole number in decimal digits (`--sizes 4,0x10,3` built a layer of 16 with Number()). */
const DECIMAL_INTEGER = /^[+-]?\d+$/;
/** A decimal number (1, -0.5, .5, 3e-4): not hexadecimal, binary or octal. */
const DECIMAL_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The value of a decimal whole number, else NaN. */
export function strictInteger(text: string): number {
  const trimmed = text.trim();
  return DECIMAL_INTEGER.test(trimmed) ? Number(trimmed) : NaN;
}

/** The value of a decimal number, else NaN. */
export function strictNumber(text: string): number {
  const trimmed = text.trim();
  return DECIMAL_NUMBER.test(trimmed) ? Number(trimmed) : NaN;
}

