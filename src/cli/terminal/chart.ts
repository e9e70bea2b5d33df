import { valueRange } from '../../common/valueRange.ts';
/**
 * A line chart drawn with characters, for the end of `nabla train`: one value per epoch,
 * y axis labelled at the top, middle and bottom, x axis labelled with epochs.
 *
 * 'braille' draws with Unicode braille cells, each 2 × 4 dots, so a 60 × 8 chart is a
 * 120 × 32 dot canvas; 'ascii' marks each point with a character, for terminals without
 * braille glyphs. Colour (ANSI) is optional: the chart reads the same without it.
 */
export interface ChartSeries {
  readonly label: string;
  /** values[i] belongs to x = xStart + i; NaN leaves a gap. */
  readonly values: readonly number[];
  /** The character that marks points in 'ascii' style (default '*'). */
  readonly marker?: string;
}

export interface ChartOptions {
  readonly title?: string;
  /** Plot width in characters (default 60). */
  readonly width?: number;
  /** Plot height in lines (default 8). */
  readonly height?: number;
  readonly style?: 'braille' | 'ascii';
  /** Formats y-axis labels (default: 4 significant digits). */
  readonly formatY?: (value: number) => string;
  /** The x value of values[0] (default 1, the first epoch). */
  readonly xStart?: number;
  /** Caption after the x-axis labels (default 'epoch'). */
  readonly xLabel?: string;
  /** Colour each series with ANSI escapes (default false). */
  readonly color?: boolean;
}

const SERIES_COLORS = ['\x1b[36m', '\x1b[33m', '\x1b[35m', '\x1b[32m'];
const RESET = '\x1b[0m';

/** Bit of the braille dot at column dx (0–1), row dy (0–3) of a cell (U+2800 + bits). */
const BRAILLE_BITS = [
  [0x01, 0x08],
  [0x02, 0x10],
  [0x04, 0x20],
  [0x40, 0x80],
];

/** The chart as lines of text (no trailing newline). */
export function renderChart(series: readonly ChartSeries[], options: ChartOptions = {}): string[] {
  const width = Math.max(2, Math.floor(options.width ?? 60));
  const height = Math.max(2, Math.floor(options.height ?? 8));
  const style = options.style ?? 'braille';
  const formatY = options.formatY ?? ((v: number) => String(Number(v.toPrecision(4))));
  const xStart = options.xStart ?? 1;
  const xLabel = options.xLabel ?? 'epoch';
  const n = Math.max(0, ...series.map((s) => s.values.length));

  const { low, high } = valueRange(series);

  // The canvas in dots: braille cells hold 2 × 4 dots, ascii cells one.
  const dotsX = style === 'braille' ? 2 : 1;
  const dotsY = style === 'braille' ? 4 : 1;
  const canvasW = width * dotsX;
  const canvasH = height * dotsY;
  const xOf = (i: number): number => (n <= 1 ? 0 : Math.round((i * (canvasW - 1)) / (n - 1)));
  const yOf = (v: number): number => Math.round(((high - v) / (high - low)) * (canvasH - 1));

  // Per cell: braille bits (or an ascii marker) and the series drawn there last (for colour).
  const bits = new Uint8Array(width * height);
  const marks: string[] = new Array<string>(width * height).fill(' ');
  const owner = new Int8Array(width * height).fill(-1);
  const plot = (x: number, y: number, s: number): void => {
    const cell = Math.floor(y / dotsY) * width + Math.floor(x / dotsX);
    if (style === 'braille') bits[cell] |= BRAILLE_BITS[y % 4][x % 2];
    else marks[cell] = series[s].marker ?? '*';
    owner[cell] = s;
  };

  series.forEach((s, index) => {
    let previous: [number, number] | undefined;
    s.values.forEach((v, i) => {
      if (!Number.isFinite(v)) {
        previous = undefined;
        return;
      }
      const point: [number, number] = [xOf(i), yOf(v)];
      if (style === 'braille' && previous) drawLine(previous, point, (x, y) => plot(x, y, index));
      else plot(point[0], point[1], index);
      previous = point;
    });
  });

  // The y labels: the highest value on the top line, the lowest on the bottom one, and
  // the value at the middle of the middle line.
  const labelled = new Map<number, string>();
  const middle = Math.floor((height - 1) / 2);
  labelled.set(middle, formatY(high - ((middle * dotsY + (dotsY - 1) / 2) / (canvasH - 1)) * (high - low)));
  labelled.set(0, formatY(high));
  labelled.set(height - 1, formatY(low));
  const labelWidth = Math.max(...[...labelled.values()].map((s) => s.length));

  const lines: string[] = [];
  if (options.title) lines.push(options.title);
  if (series.length > 1) {
    lines.push(
      series
        .map((s, i) => paint(`${style === 'braille' ? '⣿' : (s.marker ?? '*')} ${s.label}`, i, options.color))
        .join('   '),
    );
  }
  for (let row = 0; row < height; row++) {
    const label = labelled.get(row);
    let text = `${(label ?? '').padStart(labelWidth)} ${label === undefined ? '│' : '┤'}`;
    // Runs of cells drawn by the same series share one colour escape.
    let run = '';
    let runOwner = -1;
    for (let col = 0; col <= width; col++) {
      const cell = row * width + col;
      const cellOwner = col < width ? owner[cell] : -2;
      if (cellOwner !== runOwner) {
        text += runOwner >= 0 ? paint(run, runOwner, options.color) : run;
        run = '';
        runOwner = cellOwner;
      }
      if (col < width) run += style === 'braille' ? (bits[cell] === 0 ? ' ' : String.fromCharCode(0x2800 + bits[cell])) : marks[cell];
    }
    lines.push(text.trimEnd());
  }
  lines.push(`${' '.repeat(labelWidth)} └${'─'.repeat(width)}`);
  lines.push(`${' '.repeat(labelWidth + 2)}${xAxisLabels(n, xStart, width, dotsX, xOf)}  ${xLabel}`.trimEnd());
  return lines;
}

/** Labels for the first, last and middle x under their columns; the middle one only where it fits. */
function xAxisLabels(n: number, xStart: number, width: number, dotsX: number, xOf: (i: number) => number): string {
  const line: string[] = new Array<string>(width).fill(' ');
  const taken = new Uint8Array(width + 2); // columns used, with a gap around each label
  const indices = n <= 1 ? [0] : [...new Set([0, n - 1, Math.floor((n - 1) / 2)])];
  for (const i of indices) {
    const text = String(xStart + i);
    const column = Math.floor(xOf(i) / dotsX);
    // Centred on its column, kept inside the axis.
    const start = Math.max(0, Math.min(width - text.length, column - Math.floor((text.length - 1) / 2)));
    let free = start + text.length <= width;
    for (let k = start; k < start + text.length && free; k++) free = taken[k + 1] === 0;
    if (!free) continue;
    for (let k = 0; k < text.length; k++) line[start + k] = text[k];
    for (let k = start - 1; k <= start + text.length; k++) taken[k + 1] = 1;
  }
  return line.join('');
}

/** Bresenham's line from a to b, every dot on it. */
function drawLine(a: [number, number], b: [number, number], dot: (x: number, y: number) => void): void {
  let [x0, y0] = a;
  const [x1, y1] = b;
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let error = dx + dy;
  for (;;) {
    dot(x0, y0);
    if (x0 === x1 && y0 === y1) return;
    const e2 = 2 * error;
    if (e2 >= dy) {
      error += dy;
      x0 += sx;
    }
    if (e2 <= dx) {
      error += dx;
      y0 += sy;
    }
  }
}

function paint(text: string, series: number, color: boolean | undefined): string {
  return color ? `${SERIES_COLORS[series % SERIES_COLORS.length]}${text}${RESET}` : text;
}
