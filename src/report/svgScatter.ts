import { valueRange } from '../common/valueRange.ts';
import { escapeHtml, svgNumber } from './escape.ts';
import { niceStep } from './svgChart.ts';

/**
 * Predicted against actual values as an inline SVG scatter plot: one dot per example, both
 * axes on the same scale, and the line predicted = actual on which a perfect network's dots
 * would all lie (a dot above it is an overestimate, below it an underestimate).
 */
export interface ScatterOptions {
  readonly title: string;
  readonly formatValue: (value: number) => string;
  /** Plot at most this many dots (every k-th example), so a large test set stays a small page. */
  readonly maxPoints?: number;
  readonly size?: number;
}

/** The examples a plot of at most `maxPoints` dots shows: all of them, or every k-th. */
export function plottedIndices(count: number, maxPoints: number): number[] {
  const stride = Math.max(1, Math.ceil(count / Math.max(1, maxPoints)));
  const shown: number[] = [];
  for (let n = 0; n < count; n += stride) shown.push(n);
  return shown;
}

export function svgScatterPlot(actual: ArrayLike<number>, predicted: ArrayLike<number>, options: ScatterOptions): string {
  const size = options.size ?? 360;
  const margin = { left: 64, right: 16, top: 40, bottom: 44 };
  const plot = size - margin.left - margin.right;
  const height = margin.top + plot + margin.bottom;
  const shown = plottedIndices(Math.min(actual.length, predicted.length), options.maxPoints ?? 2000);

  // One range for both axes, so that the line predicted = actual is the diagonal.
  const values = shown.flatMap((n) => [actual[n], predicted[n]]);
  let { low, high } = valueRange([{ values }]);
  const step = niceStep(high - low);
  low = Math.floor(low / step) * step;
  high = Math.ceil(high / step) * step;
  const x = (v: number): number => margin.left + ((v - low) / (high - low)) * plot;
  const y = (v: number): number => margin.top + ((high - v) / (high - low)) * plot;

  const parts: string[] = [];
  parts.push(`<svg class="chart scatter" viewBox="0 0 ${size} ${height}" width="${size}" height="${height}" role="img" aria-label="${escapeHtml(options.title)}">`);
  parts.push(`<text x="${margin.left}" y="22" class="chart-title">${escapeHtml(options.title)}</text>`);
  for (let k = 0; low + k * step <= high + step * 1e-9; k++) {
    const v = low + k * step;
    const label = escapeHtml(options.formatValue(v));
    parts.push(`<line x1="${margin.left}" x2="${margin.left + plot}" y1="${svgNumber(y(v))}" y2="${svgNumber(y(v))}" class="grid"/>`);
    parts.push(`<line x1="${svgNumber(x(v))}" x2="${svgNumber(x(v))}" y1="${margin.top}" y2="${margin.top + plot}" class="grid"/>`);
    parts.push(`<text x="${margin.left - 8}" y="${svgNumber(y(v))}" class="y-label">${label}</text>`);
    parts.push(`<text x="${svgNumber(x(v))}" y="${margin.top + plot + 18}" class="x-label">${label}</text>`);
  }
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${plot}" height="${plot}" fill="none" class="axis"/>`);
  parts.push(`<text x="${margin.left + plot / 2}" y="${height - 4}" class="x-caption">actual</text>`);
  parts.push(`<text x="14" y="${margin.top + plot / 2}" class="x-caption" transform="rotate(-90 14 ${margin.top + plot / 2})">predicted</text>`);
  parts.push(`<line x1="${svgNumber(x(low))}" y1="${svgNumber(y(low))}" x2="${svgNumber(x(high))}" y2="${svgNumber(y(high))}" class="identity"><title>predicted = actual</title></line>`);

  const r = shown.length > 500 ? 1.5 : 2.5;
  for (const n of shown) {
    if (!Number.isFinite(actual[n]) || !Number.isFinite(predicted[n])) continue;
    parts.push(`<circle cx="${svgNumber(x(actual[n]))}" cy="${svgNumber(y(predicted[n]))}" r="${r}" class="dot"/>`);
  }
  parts.push('</svg>');
  return parts.join('');
}
