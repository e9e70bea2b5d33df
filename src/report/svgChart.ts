import { escapeHtml, svgNumber } from './escape.ts';
import { valueRange } from '../common/valueRange.ts';

/**
 * A line chart as inline SVG (no external resources): one line per series over epochs,
 * with round-numbered y gridlines, epoch ticks and a legend.
 */
export interface SvgSeries {
  readonly label: string;
  /** values[i] belongs to x = xStart + i; NaN leaves a gap. */
  readonly values: readonly number[];
  readonly color: string;
}

export interface SvgChartOptions {
  readonly title: string;
  readonly formatY: (value: number) => string;
  readonly xStart?: number;
  readonly width?: number;
  readonly height?: number;
}

/** A "nice" step (1, 2 or 5 × 10^k) that cuts `range` into about `target` parts. */
export function niceStep(range: number, target = 5): number {
  if (!(range > 0) || !Number.isFinite(range)) return 1;
  const raw = range / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / magnitude;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * magnitude;
}

export function svgLineChart(series: readonly SvgSeries[], options: SvgChartOptions): string {
  const width = options.width ?? 600;
  const height = options.height ?? 280;
  const xStart = options.xStart ?? 1;
  const margin = { left: 64, right: 16, top: 40, bottom: 40 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const n = Math.max(0, ...series.map((s) => s.values.length));

  let { low, high } = valueRange(series);
  const step = niceStep(high - low);
  low = Math.floor(low / step) * step;
  high = Math.ceil(high / step) * step;

  const x = (i: number): number => margin.left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number): number => margin.top + ((high - v) / (high - low)) * plotH;

  const parts: string[] = [];
  parts.push(`<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(options.title)}">`);
  parts.push(`<text x="${margin.left}" y="22" class="chart-title">${escapeHtml(options.title)}</text>`);

  // Gridlines and y labels.
  for (let k = 0; low + k * step <= high + step * 1e-9; k++) {
    const v = low + k * step;
    const yy = svgNumber(y(v));
    parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${yy}" y2="${yy}" class="grid"/>`);
    parts.push(`<text x="${margin.left - 8}" y="${yy}" class="y-label">${escapeHtml(options.formatY(v))}</text>`);
  }
  // Epoch ticks: every epoch when few, otherwise about ten.
  const every = Math.max(1, Math.ceil(n / 10));
  for (let i = 0; i < n; i++) {
    if (i % every !== 0 && i !== n - 1) continue;
    if (i !== n - 1 && n - 1 - i < every / 2) continue; // keep the last label clear of its neighbour
    const xx = svgNumber(x(i));
    parts.push(`<line x1="${xx}" x2="${xx}" y1="${margin.top + plotH}" y2="${margin.top + plotH + 5}" class="axis"/>`);
    parts.push(`<text x="${xx}" y="${margin.top + plotH + 18}" class="x-label">${xStart + i}</text>`);
  }
  parts.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${margin.top + plotH}" y2="${margin.top + plotH}" class="axis"/>`);
  parts.push(`<text x="${margin.left + plotW / 2}" y="${height - 4}" class="x-caption">epoch</text>`);

  // The lines, broken at NaN, with a dot per epoch.
  for (const s of series) {
    const segments: string[][] = [[]];
    s.values.forEach((v, i) => {
      if (!Number.isFinite(v)) {
        segments.push([]);
        return;
      }
      segments[segments.length - 1].push(`${svgNumber(x(i))},${svgNumber(y(v))}`);
    });
    for (const points of segments) {
      if (points.length > 1) parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
      const r = n > 40 ? 1.5 : 3;
      for (const p of points) {
        const [cx, cy] = p.split(',');
        parts.push(`<circle cx="${cx}" cy="${cy}" r="${r}" fill="${s.color}"/>`);
      }
    }
  }

  // Legend, top right.
  let legendX = width - margin.right;
  for (const s of [...series].reverse()) {
    const textWidth = s.label.length * 7 + 8;
    legendX -= textWidth + 16;
    parts.push(`<rect x="${legendX}" y="14" width="12" height="4" fill="${s.color}"/>`);
    parts.push(`<text x="${legendX + 16}" y="20" class="legend">${escapeHtml(s.label)}</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}
