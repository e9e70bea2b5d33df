import type { EpochReport } from '../training/sgd.ts';
import { classMetrics, confusionTotals } from '../training/metrics.ts';
import { formatCost, formatCount, formatPercent, formatSeconds } from '../common/format.ts';
import { digitSvg } from './digitSvg.ts';
import { escapeHtml } from './escape.ts';
import { svgLineChart } from './svgChart.ts';

/**
 * The training report of `nabla train --report`: one self-contained HTML page (inline CSS
 * and SVG, no scripts, no external URLs, so it works offline and can be mailed) with the
 * curves, the confusion matrix, per-class precision and recall, and misclassified digits.
 * Pure string building: the command writes the file.
 */
export interface MisclassifiedExample {
  /** The example's index in the test set. */
  readonly index: number;
  /** Ink values in [0, 1], row-major. */
  readonly pixels: ArrayLike<number>;
  readonly width: number;
  readonly height: number;
  readonly label: string;
  readonly predicted: string;
}

export interface ReportInput {
  readonly title?: string;
  /** Settings shown at the top, in order: e.g. ['sizes', '[784, 30, 10]']. */
  readonly settings: readonly (readonly [string, string])[];
  readonly epochs: readonly EpochReport[];
  /** The set behind the test figures: 'test', or 'training' when there was no test set. */
  readonly evaluatedOn?: string;
  readonly classes: readonly string[];
  /** Of the final network on the evaluation set: rows true class, columns predicted. */
  readonly confusion: readonly (readonly number[])[];
  /** Misclassified images to show (omit for data that are not images). */
  readonly misclassified?: readonly MisclassifiedExample[];
  /** When generated, as text (passed in: this module reads no clock). */
  readonly generated?: string;
}

const TEST_COLOR = '#2563eb';
const VALIDATION_COLOR = '#d97706';

export function buildReport(input: ReportInput): string {
  const title = input.title ?? 'nabla training report';
  const evaluatedOn = input.evaluatedOn ?? 'test';
  const { epochs, classes, confusion } = input;
  const { correct, count } = confusionTotals(confusion);
  const sections: string[] = [];

  sections.push(`<h1>${escapeHtml(title)}</h1>`);
  if (input.generated) sections.push(`<p class="muted">${escapeHtml(input.generated)}</p>`);
  sections.push(summarySection(input, correct, count, evaluatedOn));
  sections.push(curvesSection(epochs, evaluatedOn));
  sections.push(confusionSection(confusion, classes, evaluatedOn));
  sections.push(classSection(confusion, classes));
  if (input.misclassified !== undefined) sections.push(misclassifiedSection(input.misclassified, count - correct, evaluatedOn));

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${sections.join('\n')}
</main>
</body>
</html>
`;
}

function summarySection(input: ReportInput, correct: number, count: number, evaluatedOn: string): string {
  const { epochs } = input;
  const facts: [string, string][] = [...input.settings.map(([k, v]) => [k, v] as [string, string])];
  if (epochs.length > 0) {
    let best = epochs[0];
    for (const r of epochs) if ((r.test?.accuracy ?? -1) > (best.test?.accuracy ?? -1)) best = r;
    if (best.test?.accuracy !== undefined) facts.push(['best epoch', `${best.epoch}: ${formatPercent(best.test.accuracy)} ${evaluatedOn} accuracy`]);
    const trainSeconds = epochs.reduce((sum, r) => sum + r.trainSeconds, 0);
    facts.push(['training time', `${formatSeconds(trainSeconds)} (${formatSeconds(trainSeconds / epochs.length)} per epoch)`]);
  }
  facts.push([`final ${evaluatedOn} accuracy`, `${formatCount(correct)} / ${formatCount(count)} (${formatPercent(count === 0 ? NaN : correct / count)})`]);
  const rows = facts.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('');
  return `<section><table class="facts">${rows}</table></section>`;
}

function curvesSection(epochs: readonly EpochReport[], evaluatedOn: string): string {
  if (epochs.length === 0) return '<section><h2>Training curves</h2><p class="muted">No epoch was completed.</p></section>';
  const xStart = epochs[0].epoch;
  const hasValidation = epochs.some((r) => r.validation !== undefined);
  const accuracy = [{ label: evaluatedOn, values: epochs.map((r) => r.test?.accuracy ?? NaN), color: TEST_COLOR }];
  const cost = [{ label: evaluatedOn, values: epochs.map((r) => r.test?.meanCost ?? NaN), color: TEST_COLOR }];
  if (hasValidation) {
    accuracy.push({ label: 'validation', values: epochs.map((r) => r.validation?.accuracy ?? NaN), color: VALIDATION_COLOR });
    cost.push({ label: 'validation', values: epochs.map((r) => r.validation?.meanCost ?? NaN), color: VALIDATION_COLOR });
  }
  const accuracyChart = svgLineChart(accuracy, { title: 'Accuracy', formatY: (v) => formatPercent(v, 1), xStart });
  const costChart = svgLineChart(cost, { title: 'Mean cost C = ½‖y − aᴸ‖²', formatY: formatCost, xStart });
  return `<section><h2>Training curves</h2><div class="charts">${accuracyChart}${costChart}</div></section>`;
}

function confusionSection(confusion: readonly (readonly number[])[], classes: readonly string[], evaluatedOn: string): string {
  const head = classes.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const body = confusion
    .map((row, t) => {
      const total = row.reduce((sum, v) => sum + v, 0);
      const cells = row
        .map((v, p) => {
          // Shade by the share of the true class's examples in this cell.
          const share = total === 0 ? 0 : v / total;
          const alpha = v === 0 ? 0 : Math.max(0.08, t === p ? share : Math.min(1, share * 4));
          const colour = t === p ? `rgba(37, 99, 235, ${alpha.toFixed(3)})` : `rgba(220, 38, 38, ${alpha.toFixed(3)})`;
          const ink = alpha > 0.55 ? ' class="dark"' : '';
          return `<td style="background:${colour}"${ink} title="true ${escapeHtml(classes[t])}, predicted ${escapeHtml(classes[p])}: ${v}">${formatCount(v)}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${escapeHtml(classes[t])}</th>${cells}</tr>`;
    })
    .join('');
  return `<section><h2>Confusion matrix</h2>
<p class="muted">The final network on the ${escapeHtml(evaluatedOn)} set. Rows: true class; columns: predicted class. The diagonal holds the correct answers.</p>
<table class="confusion"><thead><tr><th class="corner">true \\ predicted</th>${head}</tr></thead><tbody>${body}</tbody></table></section>`;
}

function classSection(confusion: readonly (readonly number[])[], classes: readonly string[]): string {
  const metrics = classMetrics(confusion);
  const bar = (v: number): string =>
    Number.isFinite(v) ? `<span class="bar"><span style="width:${(v * 100).toFixed(1)}%"></span></span>` : '';
  const rows = metrics
    .map(
      (m, c) =>
        `<tr><th scope="row">${escapeHtml(classes[c])}</th><td>${formatPercent(m.precision)}</td><td>${bar(m.precision)}</td><td>${formatPercent(m.recall)}</td><td>${bar(m.recall)}</td><td>${formatCount(m.support)}</td></tr>`,
    )
    .join('');
  return `<section><h2>Precision and recall per class</h2>
<p class="muted">Precision: of the examples predicted as the class, the share that are. Recall: of the examples of the class, the share found.</p>
<table class="classes"><thead><tr><th>class</th><th colspan="2">precision</th><th colspan="2">recall</th><th>examples</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function misclassifiedSection(examples: readonly MisclassifiedExample[], total: number, evaluatedOn: string): string {
  const shown =
    examples.length < total
      ? `The first ${formatCount(examples.length)} of ${formatCount(total)} misclassified ${escapeHtml(evaluatedOn)} images`
      : `All ${formatCount(total)} misclassified ${escapeHtml(evaluatedOn)} images`;
  const cells = examples
    .map((e) => {
      const caption = `true ${e.label}, predicted ${e.predicted}`;
      return `<figure>${digitSvg(e.pixels, e.width, e.height, 56, `#${e.index}: ${caption}`)}<figcaption><span class="true">${escapeHtml(e.label)}</span> → <span class="predicted">${escapeHtml(e.predicted)}</span></figcaption></figure>`;
    })
    .join('');
  return `<section><h2>Misclassified digits</h2>
<p class="muted">${shown}, with the true label → the network's answer.</p>
<div class="digits">${cells}</div></section>`;
}

const STYLE = `
:root { color-scheme: light; }
body { margin: 0; background: #f6f7f9; color: #1f2937; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1340px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 0 0 8px; }
section { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 18px 22px; margin: 18px 0; }
.muted { color: #6b7280; margin: 0 0 12px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.facts th { text-align: left; font-weight: 600; padding: 2px 24px 2px 0; color: #374151; }
.facts td { padding: 2px 0; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
.chart { max-width: 100%; height: auto; }
.chart-title { font-size: 15px; font-weight: 600; fill: #111827; }
.grid { stroke: #e5e7eb; stroke-width: 1; }
.axis { stroke: #9ca3af; stroke-width: 1; }
.y-label { font-size: 12px; fill: #4b5563; text-anchor: end; dominant-baseline: middle; }
.x-label { font-size: 12px; fill: #4b5563; text-anchor: middle; }
.x-caption { font-size: 12px; fill: #6b7280; text-anchor: middle; }
.legend { font-size: 12px; fill: #374151; dominant-baseline: middle; }
.confusion th, .confusion td { border: 1px solid #e5e7eb; padding: 4px 8px; text-align: right; min-width: 44px; }
.confusion thead th { background: #f9fafb; }
.confusion tbody th { background: #f9fafb; text-align: center; }
.confusion .corner { font-weight: 500; color: #6b7280; font-size: 12px; text-align: left; }
.confusion td.dark { color: #fff; }
.classes th, .classes td { padding: 3px 10px; text-align: right; border-bottom: 1px solid #f0f1f3; }
.classes th[scope="row"] { text-align: left; }
.bar { display: inline-block; width: 120px; height: 8px; background: #eef0f3; border-radius: 4px; overflow: hidden; vertical-align: middle; }
.bar span { display: block; height: 100%; background: #2563eb; }
.digits { display: grid; grid-template-columns: repeat(auto-fill, minmax(72px, 1fr)); gap: 10px; }
figure { margin: 0; text-align: center; }
.digit { display: block; margin: 0 auto; border: 1px solid #e5e7eb; border-radius: 3px; image-rendering: pixelated; }
figcaption { font-size: 13px; }
figcaption .true { color: #15803d; font-weight: 600; }
figcaption .predicted { color: #b91c1c; font-weight: 600; }
`;
