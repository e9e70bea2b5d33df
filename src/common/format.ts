/** Number formats shared by the terminal output and the report: one place, so they agree. */

/** 50000 → "50,000" (grouped thousands, the way the reference prints counts). */
export function formatCount(n: number): string {
  const whole = Math.round(n);
  // Grouped by hand: the first toLocaleString of a process loads ICU's locale data, about
  // 27 ms, which every nabla command paid at start (its help text counts images).
  if (!Number.isSafeInteger(whole)) return whole.toLocaleString('en-US');
  return String(whole).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** 0.9542 → "95.42%"; NaN → "—". */
export function formatPercent(fraction: number, digits = 2): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)}%` : '—';
}

/** A mean cost with four decimals: 0.041234 → "0.0412". */
export function formatCost(cost: number): string {
  if (!Number.isFinite(cost)) return String(cost);
  return cost !== 0 && Math.abs(cost) < 0.001 ? cost.toExponential(2) : cost.toFixed(4);
}

/** Seconds, with two decimals below 10 s and one above: "0.21 s", "12.3 s", "2 min 05 s". */
export function formatSeconds(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  return `${minutes} min ${String(whole - minutes * 60).padStart(2, '0')} s`;
}

/** "[784, 30, 10]" */
export function formatSizes(sizes: readonly number[]): string {
  return `[${sizes.join(', ')}]`;
}

/* Numbers, vectors and matrices for a reader at a terminal or in a page: a few significant digits,
 * columns aligned, long vectors or big matrices elided with "…" so that one layer fits on a
 * screen. Full precision is what `--json` is for. */

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
