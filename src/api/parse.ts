import { networkSizeProblem } from '../common/limits.ts';
import { InputError } from '../common/errors.ts';

/**
 * Parsers for flag values. Each throws an InputError naming the flag, what it expected and
 * what it got, so the CLI can print one line and exit with status 2.
 */
export function parseSizesFlag(value: string, flag = '--sizes'): number[] {
  const parts = value.split(',').map((s) => s.trim());
  const sizes = parts.map(Number);
  if (parts.length < 2 || sizes.some((n, i) => parts[i] === '' || !Number.isInteger(n) || n < 1)) {
    throw new InputError(`${flag} expects at least two positive whole numbers separated by commas, e.g. 784,30,10; got '${value}'`);
  }
  const tooLarge = networkSizeProblem(sizes);
  if (tooLarge !== undefined) throw new InputError(`${flag}: ${tooLarge}`);
  return sizes;
}

export function parseIntegerFlag(flag: string, min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
      throw new InputError(`${flag} expects a whole number ${range}, got '${value}'`);
    }
    return n;
  };
}

export function parsePositiveNumberFlag(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InputError(`${flag} expects a positive number, got '${value}'`);
    return n;
  };
}

export function parseChoiceFlag<T extends string>(flag: string, choices: readonly T[]): (value: string) => T {
  return (value: string) => {
    if (!(choices as readonly string[]).includes(value)) throw new InputError(`${flag} must be one of ${choices.join(', ')}; got '${value}'`);
    return value as T;
  };
}

/** "0.1, 2,3e-1" → [0.1, 2, 0.3]; every entry must be a finite number. */
export function parseNumberListFlag(value: string, flag: string, expectedLength?: number): number[] {
  const parts = value.split(',').map((s) => s.trim());
  const numbers = parts.map((part, i) => {
    const n = Number(part);
    if (part === '' || !Number.isFinite(n)) {
      throw new InputError(`${flag}: value ${i + 1} '${part}' is not a finite number; give numbers separated by commas, e.g. 0.5,0.1`);
    }
    return n;
  });
  if (expectedLength !== undefined && numbers.length !== expectedLength) {
    throw new InputError(`${flag} has ${numbers.length} values; the network needs ${expectedLength}`);
  }
  return numbers;
}
