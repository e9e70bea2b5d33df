import { formatLimit, MAX_JSON_DEPTH } from '../common/limits.ts';
import { safeText } from '../common/safeText.ts';

/**
 * The checks a model file passes before anything is allocated from it: how deep its JSON
 * nests (a 200,000-deep value would overflow the stack of any recursive walk), and whether
 * its weight and bias arrays have the shapes its "sizes" declare. Values found in the file
 * are described with `describeJson`, which never recurses and never echoes megabytes.
 */

/**
 * Why `text` nests arrays and objects deeper than `max`, or undefined. One pass over the
 * characters, skipping strings, with no recursion and no allocation.
 */
export function jsonDepthProblem(text: string, max = MAX_JSON_DEPTH): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return `nests arrays and objects more than ${formatLimit(max)} levels deep (at character ${formatLimit(i + 1)}); a nabla model file nests at most 6 levels`;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return undefined;
}

/** A short, safe description of a JSON value found in a file: never the whole of a large value. */
export function describeJson(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${formatLimit(value.length)}`;
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (typeof value === 'string') return `"${safeText(value, 40)}"`;
  if (typeof value === 'object') return 'an object';
  return safeText(String(value), 40);
}

/**
 * Why `weights` and `biases` do not have the shapes `sizes` declare, or undefined: checked
 * on the parsed arrays' lengths alone, so a file whose "sizes" claim a billion neurons is
 * refused without allocating for them. weights[i] is n_{i+2} rows of n_{i+1} numbers;
 * biases[i] is n_{i+2} numbers.
 */
export function shapeProblem(sizes: readonly number[], weights: unknown, biases: unknown): string | undefined {
  const L = sizes.length;
  if (!Array.isArray(weights) || weights.length !== L - 1) return `"weights" must be an array of ${L - 1} matrices (one per layer 2..${L}), found ${describeJson(weights)}`;
  if (!Array.isArray(biases) || biases.length !== L - 1) return `"biases" must be an array of ${L - 1} vectors (one per layer 2..${L}), found ${describeJson(biases)}`;
  for (let l = 2; l <= L; l++) {
    const i = l - 2;
    const nOut = sizes[l - 1];
    const nIn = sizes[l - 2];
    const rows: unknown = weights[i];
    if (!Array.isArray(rows) || rows.length !== nOut) return `"weights[${i}]" (w^${l}) must have ${nOut} rows, found ${describeJson(rows)}`;
    for (let j = 0; j < nOut; j++) {
      const row: unknown = rows[j];
      if (!Array.isArray(row) || row.length !== nIn) return `"weights[${i}][${j}]" must be an array of ${nIn} numbers, found ${describeJson(row)}`;
    }
    const b: unknown = biases[i];
    if (!Array.isArray(b) || b.length !== nOut) return `"biases[${i}]" must be an array of ${nOut} numbers, found ${describeJson(b)}`;
  }
  return undefined;
}
