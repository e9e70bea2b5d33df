/**
 * Line charts on a canvas: cost, accuracy and |δ^l| by epoch. Long runs are thinned to about
 * one point per pixel column (keeping the last), so drawing stays cheap after 10,000 epochs.
 */
export interface Series {
  readonly color: string;
  readonly values: readonly number[];
}

export interface ChartOptions {
  /** A log₁₀ y-axis (for |δ|, which spans orders of magnitude). */
  readonly log?: boolean;
  /** Fixed y range, e.g. [0, 1] for accuracy. */
  readonly range?: readonly [number, number];
}

export function drawChart(canvas: HTMLCanvasElement, epochs: readonly number[], series: readonly Series[], options: ChartOptions = {}): void {
  const ratio = globalThis.devicePixelRatio || 1;
  const cssWidth = canvas.clientWidth || 300;
  const cssHeight = canvas.clientHeight || 120;
  if (canvas.width !== Math.round(cssWidth * ratio) || canvas.height !== Math.round(cssHeight * ratio)) {
    canvas.width = Math.round(cssWidth * ratio);
    canvas.height = Math.round(cssHeight * ratio);
  }
  const context = canvas.getContext('2d');
  if (context === null) return;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, cssWidth, cssHeight);
  const left = 44;
  const right = 6;
  const top = 6;
  const bottom = 18;
  const w = cssWidth - left - right;
  const h = cssHeight - top - bottom;
  const transform = (v: number) => (options.log ? Math.log10(Math.max(v, 1e-12)) : v);

  let lo = Infinity;
  let hi = -Infinity;
  if (options.range) [lo, hi] = options.range.map(transform);
  else {
    for (const s of series) {
      for (const v of s.values) {
        if (!Number.isFinite(v)) continue;
        lo = Math.min(lo, transform(v));
        hi = Math.max(hi, transform(v));
      }
    }
  }
  context.font = '11px system-ui, sans-serif';
  context.fillStyle = '#667';
  context.strokeStyle = '#ccd';
  context.lineWidth = 1;
  context.strokeRect(left, top, w, h);
  if (!(hi >= lo) || epochs.length === 0) return;
  if (hi - lo < 1e-12) {
    hi += 0.5;
    lo -= 0.5;
  }
  const label = (v: number) => (options.log ? `1e${Math.round(v)}` : Math.abs(v) >= 100 ? v.toFixed(0) : v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(1) : v.toPrecision(2));
  context.textAlign = 'right';
  context.fillText(label(hi), left - 4, top + 9);
  context.fillText(label(lo), left - 4, top + h);
  const first = epochs[0];
  const last = epochs[epochs.length - 1];
  context.textAlign = 'left';
  context.fillText(String(first), left, top + h + 14);
  context.textAlign = 'right';
  context.fillText(`epoch ${last}`, left + w, top + h + 14);

  const n = epochs.length;
  const step = Math.max(1, Math.floor(n / w));
  for (const s of series) {
    context.strokeStyle = s.color;
    context.lineWidth = 1.6;
    context.beginPath();
    let started = false;
    for (let i = 0; i < n; i += step) {
      const index = i + step >= n ? n - 1 : i;
      const v = s.values[index];
      if (!Number.isFinite(v)) continue;
      const px = left + (last === first ? w : ((epochs[index] - first) / (last - first)) * w);
      const py = top + h - ((transform(v) - lo) / (hi - lo)) * h;
      if (started) context.lineTo(px, py);
      else context.moveTo(px, py);
      started = true;
    }
    context.stroke();
  }
}
