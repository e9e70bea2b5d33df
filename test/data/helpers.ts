import assert from 'node:assert/strict';
import { InputError } from '../../src/common/errors.ts';

/** Asserts that `fn` throws an InputError whose one-line message matches every pattern. */
export function assertInputError(fn: () => unknown, ...patterns: RegExp[]): InputError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  return checkInputError(caught, patterns);
}

/** The same for a promise. */
export async function assertRejectsInputError(promise: Promise<unknown>, ...patterns: RegExp[]): Promise<InputError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  return checkInputError(caught, patterns);
}

function checkInputError(caught: unknown, patterns: RegExp[]): InputError {
  assert.ok(caught instanceof InputError, `expected an InputError, got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`);
  assert.equal(caught.name, 'InputError');
  assert.ok(!caught.message.includes('\n'), `message should be one line: ${caught.message}`);
  for (const pattern of patterns) assert.match(caught.message, pattern);
  return caught;
}

/** IDX bytes: header (magic 00 00 type n, then n big-endian sizes) and data. */
export function idxBytes(dims: number[], data: ArrayLike<number>, type = 0x08): Uint8Array {
  const header = 4 + 4 * dims.length;
  const bytes = new Uint8Array(header + data.length);
  bytes[2] = type;
  bytes[3] = dims.length;
  const view = new DataView(bytes.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  bytes.set(data, header);
  return bytes;
}
