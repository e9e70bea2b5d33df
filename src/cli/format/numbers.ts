/**
 * Numbers, vectors and matrices for a reader at a terminal: a few significant digits,
 * columns aligned, and long vectors or big matrices elided with "…" so that one layer
 * fits on a screen. Full precision is what `--json` is for.
 */

/** At most this many entries of a vector, or rows / columns of a matrix, are shown. */
export const MAX_SHOWN = 8;

/** A value with `digits` significant digits: fixed notation for ordinary sizes, exponent otherwise. */
export function formatNumber(x: number, digits = 6): string {
  if (x === 0) return '0'; // and −0
  if (!Number.isFinite(x)) return String(x);
  const magnitude = Math.abs(x);
  if (magnitude >= 1e-4 && magnitude < 1e6) return String(Number(x.toPrecision(digits)));
  const [mantissa, exponent] = x.toExponential(digits - 1).split('e');
  return `${String(Number(mantissa))}e${exponent}`;
}

/**
 * Which indices of 0..n−1 to show when at most `max` fit: all of them, or the first and
 * last few with `null` standing for the "…" between them.
 */
export function shownIndices(n: number, max = MAX_SHOWN): (number | null)[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  return [...Array.from({ length: head }, (_, i) => i), null, ...Array.from({ length: tail }, (_, i) => n - tail + i)];
}

/** "[0.5, -1.25, …, 3]" with the count when entries are elided. */
export function formatVector(values: ArrayLike<number>, max = MAX_SHOWN): string {
  const cells = shownIndices(values.length, max).map((i) => (i === null ? '…' : formatNumber(values[i])));
  const elided = values.length > max ? `  (${values.length} values)` : '';
  return `[${cells.join(', ')}]${elided}`;
}

/**
 * A row-major rows × cols matrix as aligned lines, each "[ … ]", with rows and columns
 * elided past `max`. The caller indents them.
 */
export function formatMatrix(values: ArrayLike<number>, rows: number, cols: number, max = MAX_SHOWN): string[] {
  const rowIndices = shownIndices(rows, max);
  const colIndices = shownIndices(cols, max);
  const table = rowIndices.map((j) =>
    colIndices.map((k) => (j === null || k === null ? '…' : formatNumber(values[j * cols + k]))),
  );
  const widths = colIndices.map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const lines = table.map((row, r) => {
    if (rowIndices[r] === null) return `[ ${widths.map((w, c) => (colIndices[c] === null ? '⋱' : '⋮').padStart(w)).join('  ')} ]`;
    return `[ ${row.map((cell, c) => cell.padStart(widths[c])).join('  ')} ]`;
  });
  if (rows > max || cols > max) {
    const shownRows = rows > max ? max - 1 : rows;
    const shownCols = cols > max ? max - 1 : cols;
    lines.push(`(${rows} × ${cols}; showing ${shownRows} rows and ${shownCols} columns, the rest elided: --json has them all)`);
  }
  return lines;
}
