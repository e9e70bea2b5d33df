/**
 * The [low, high] range of every finite value in some series, widened a little when all
 * values are equal so that a chart of them still has a height. Shared by the terminal
 * chart and the report's SVG charts.
 */
export function valueRange(series: readonly { readonly values: readonly number[] }[]): { low: number; high: number } {
  const finite = series.flatMap((s) => s.values.filter((v) => Number.isFinite(v)));
  let low = finite.length > 0 ? Math.min(...finite) : 0;
  let high = finite.length > 0 ? Math.max(...finite) : 1;
  if (high - low < 1e-12) {
    const pad = Math.abs(high) > 0 ? Math.abs(high) * 0.01 : 1;
    low -= pad;
    high += pad;
  }
  return { low, high };
}
