/** Number formats shared by the terminal output and the report: one place, so they agree. */

/** 50000 → "50,000" (grouped thousands, the way the reference prints counts). */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
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
