/**
 * Numbers, vectors and matrices as TeX for the backprop stepper, short enough to read:
 * four significant digits, long vectors elided in the middle, big matrices named by shape.
 * The full-precision values are printed beside them as plain text.
 */
export function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const s = v.toPrecision(4);
  const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(s);
  if (m) return `${m[1]}{\\times}10^{${Number(m[2])}}`;
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

const MAX_ROWS = 8;

/** A column vector; more than MAX_ROWS entries show the first five, ⋮, and the last two. */
export function col(values: ArrayLike<number>): string {
  const n = values.length;
  const rows: string[] = [];
  if (n <= MAX_ROWS) for (let i = 0; i < n; i++) rows.push(num(values[i]));
  else {
    for (let i = 0; i < 5; i++) rows.push(num(values[i]));
    rows.push('\\vdots');
    for (let i = n - 2; i < n; i++) rows.push(num(values[i]));
  }
  return `\\begin{bmatrix}${rows.join('\\\\')}\\end{bmatrix}`;
}

/** Entries a row vector shows side by side; a longer one is written as a column, transposed. */
const ROW_MAX = 4;

/** A row-major matrix when small enough to read; otherwise its symbol with its shape under it. */
export function mat(values: ArrayLike<number>, rows: number, cols: number, symbol: string): string {
  if (rows > 6 || cols > 8) return `\\underbrace{${symbol}}_{${rows}\\times ${cols}}`;
  // A long row stands up as a transposed column: a line of numbers cannot break, and fits no phone.
  if (rows === 1 && cols > ROW_MAX) return row(values);
  const lines: string[] = [];
  for (let j = 0; j < rows; j++) {
    const cells: string[] = [];
    for (let k = 0; k < cols; k++) cells.push(num(values[j * cols + k]));
    lines.push(cells.join('&'));
  }
  return `\\begin{bmatrix}${lines.join('\\\\')}\\end{bmatrix}`;
}

/** A row vector: side by side when short, else as the transpose of a column (col). */
export function row(values: ArrayLike<number>): string {
  if (values.length <= ROW_MAX) return `\\begin{bmatrix}${Array.from(values, num).join('&')}\\end{bmatrix}`;
  return `${col(values)}^{T}`;
}

/** The transpose of a row-major rows × cols matrix, row-major. */
export function transpose(values: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let j = 0; j < rows; j++) for (let k = 0; k < cols; k++) t[k * rows + j] = values[j * cols + k];
  return t;
}

/** Full precision (shortest round-trip form), comma-separated: what scripts compare. */
export function plain(values: ArrayLike<number>): string {
  return Array.from(values, (v) => String(v)).join(',');
}
