import { safeText } from '../../common/safeText.ts';
import type { ClassMetrics } from '../../training/metrics.ts';
import { formatCount, formatPercent } from '../../common/format.ts';

/**
 * The confusion matrix and per-class precision / recall as aligned text tables,
 * for `nabla evaluate`. Columns are right-aligned; class names longer than 12
 * characters are shortened in the matrix's header.
 */

/** Rows: true class; columns: predicted class. */
export function confusionTable(confusion: readonly (readonly number[])[], classes: readonly string[]): string[] {
  // Class names come from files: escaped, so they cannot drive the terminal.
  const short = classes.map((c) => safeText(c)).map((c) => (c.length > 12 ? `${c.slice(0, 11)}…` : c));
  const cells = confusion.map((row) => row.map((v) => formatCount(v)));
  const rowLabelWidth = Math.max('true \\ predicted'.length, ...short.map((c) => c.length));
  const columnWidth = Math.max(...short.map((c) => c.length), ...cells.flat().map((c) => c.length));
  const lines = [`${'true \\ predicted'.padEnd(rowLabelWidth)}  ${short.map((c) => c.padStart(columnWidth)).join(' ')}`];
  cells.forEach((row, t) => {
    lines.push(`${short[t].padEnd(rowLabelWidth)}  ${row.map((c) => c.padStart(columnWidth)).join(' ')}`);
  });
  return lines;
}

/** class, precision, recall, support (examples of the class). */
export function classMetricsTable(metrics: readonly ClassMetrics[], classes: readonly string[]): string[] {
  const header = ['class', 'precision', 'recall', 'examples'];
  const rows = metrics.map((m, c) => [safeText(classes[c]), formatPercent(m.precision), formatPercent(m.recall), formatCount(m.support)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)];
}
