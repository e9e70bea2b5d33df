import type { EpochReport } from '../training/sgd.ts';
import { bestEpoch } from '../training/bestEpoch.ts';
import { largestErrors, residualSummary, type ResidualSummary } from '../training/residuals.ts';
import { formatCost, formatCount, formatNumber, formatSeconds } from '../common/format.ts';
import { escapeHtml } from './escape.ts';
import { factsSection, htmlPage, TEST_COLOR, TRAINING_COLOR, VALIDATION_COLOR } from './page.ts';
import { svgLineChart, type SvgSeries } from './svgChart.ts';
import { plottedIndices, svgScatterPlot } from './svgScatter.ts';

/**
 * The training report of a regression (`nabla train --task regression --report`): the page
 * of html.ts with what a regression has instead of classes: RMSE and cost curves, predicted
 * against actual values per target, the residuals e = a − y summed up, and the examples the
 * network misses by the most. Pure string building from the final network's outputs.
 */
export interface RegressionReportInput {
  readonly title?: string;
  /** Settings shown at the top, in order: e.g. ['sizes', '[3, 8, 1]']. */
  readonly settings: readonly (readonly [string, string])[];
  readonly epochs: readonly EpochReport[];
  /** The set behind the test figures: 'test', or 'training' when there was no test set. */
  readonly evaluatedOn?: string;
  /** The targets' names (the CSV's target columns), in output order. */
  readonly targets: readonly string[];
  /** Examples in the evaluation set. */
  readonly count: number;
  /** The final network's outputs a^L on the evaluation set, count × targets.length. */
  readonly outputs: ArrayLike<number>;
  /** The evaluation set's true values y, count × targets.length. */
  readonly actual: ArrayLike<number>;
  /** The file line each example came from, to find it in the CSV (else its 1-based position). */
  readonly lines?: readonly number[];
  /** When generated, as text (passed in: this module reads no clock). */
  readonly generated?: string;
}

/** How many of the examples missed by the most are listed. */
const WORST_SHOWN = 10;
/** Dots per scatter plot at most. */
const MAX_POINTS = 2000;

const value = (v: number): string => formatNumber(v, 6);
const tick = (v: number): string => formatNumber(v, 4);

export function buildRegressionReport(input: RegressionReportInput): string {
  const title = input.title ?? 'nabla regression report';
  const evaluatedOn = input.evaluatedOn ?? 'test';
  const outputSize = input.targets.length;
  const summary = residualSummary(input.outputs, input.actual, input.count, outputSize);
  const sections: string[] = [];

  sections.push(`<h1>${escapeHtml(title)}</h1>`);
  if (input.generated) sections.push(`<p class="muted">${escapeHtml(input.generated)}</p>`);
  sections.push(summarySection(input, summary, evaluatedOn));
  sections.push(curvesSection(input.epochs, evaluatedOn));
  sections.push(scatterSection(input, evaluatedOn));
  sections.push(residualsSection(input.targets, summary, evaluatedOn));
  sections.push(worstSection(input, evaluatedOn));
  return htmlPage(title, sections, STYLE);
}

function summarySection(input: RegressionReportInput, summary: ResidualSummary, evaluatedOn: string): string {
  const { epochs } = input;
  const facts: [string, string][] = input.settings.map(([k, v]) => [k, v]);
  if (epochs.length > 0) {
    // Chosen by validation RMSE when there is a validation set (training/bestEpoch.ts).
    const best = bestEpoch(epochs, 'regression');
    if (best !== undefined) {
      const { report: r, by } = best;
      facts.push(['best epoch', `${r.epoch}: ${value((by === 'validation' ? r.validation?.rmse : r.test?.rmse) ?? NaN)} ${by === 'validation' ? 'validation' : evaluatedOn} RMSE`]);
    }
    const trainSeconds = epochs.reduce((sum, r) => sum + r.trainSeconds, 0);
    facts.push(['training time', `${formatSeconds(trainSeconds)} (${formatSeconds(trainSeconds / epochs.length)} per epoch)`]);
  }
  facts.push([`final ${evaluatedOn} RMSE`, value(summary.rmse)]);
  facts.push([`final ${evaluatedOn} mean absolute error`, value(summary.meanAbsoluteError)]);
  facts.push([`${evaluatedOn} examples`, formatCount(summary.count)]);
  return factsSection(facts);
}

function curvesSection(epochs: readonly EpochReport[], evaluatedOn: string): string {
  if (epochs.length === 0) return '<section><h2>Training curves</h2><p class="muted">No epoch was completed.</p></section>';
  const xStart = epochs[0].epoch;
  const sets: { label: string; color: string; of: (r: EpochReport) => EpochReport['test'] }[] = [];
  if (epochs.some((r) => r.training !== undefined)) sets.push({ label: 'training', color: TRAINING_COLOR, of: (r) => r.training });
  sets.push({ label: evaluatedOn, color: TEST_COLOR, of: (r) => r.test });
  if (epochs.some((r) => r.validation !== undefined)) sets.push({ label: 'validation', color: VALIDATION_COLOR, of: (r) => r.validation });
  const series = (pick: (e: NonNullable<EpochReport['test']>) => number | undefined): SvgSeries[] =>
    sets.map((s) => ({ label: s.label, color: s.color, values: epochs.map((r) => { const e = s.of(r); return e === undefined ? NaN : (pick(e) ?? NaN); }) }));
  const rmseChart = svgLineChart(series((e) => e.rmse), { title: 'RMSE √((1/(n·n_L)) Σ‖a − y‖²)', formatY: tick, xStart });
  const costChart = svgLineChart(series((e) => e.meanCost), { title: 'Mean cost C = ½‖y − aᴸ‖²', formatY: formatCost, xStart });
  return `<section><h2>Training curves</h2><div class="charts">${rmseChart}${costChart}</div></section>`;
}

function scatterSection(input: RegressionReportInput, evaluatedOn: string): string {
  const { targets, count } = input;
  const outputSize = targets.length;
  const plots = targets
    .map((name, j) => {
      const column = (values: ArrayLike<number>): Float64Array => Float64Array.from({ length: count }, (_, n) => values[n * outputSize + j]);
      return svgScatterPlot(column(input.actual), column(input.outputs), { title: name, formatValue: tick, maxPoints: MAX_POINTS });
    })
    .join('');
  const shown = plottedIndices(count, MAX_POINTS).length;
  const which = shown < count ? `one in ${formatCount(Math.ceil(count / MAX_POINTS))} of the ${formatCount(count)} ${escapeHtml(evaluatedOn)} examples (${formatCount(shown)} dots)` : `each of the ${formatCount(count)} ${escapeHtml(evaluatedOn)} examples`;
  return `<section><h2>Predicted against actual</h2>
<p class="muted">The final network on ${which}, one plot per target. A dot on the dashed line predicted = actual is exact; above it the network overestimates, below it underestimates.</p>
<div class="charts">${plots}</div></section>`;
}

function residualsSection(targets: readonly string[], summary: ResidualSummary, evaluatedOn: string): string {
  const row = (name: string, t: { rmse: number; meanAbsoluteError: number; meanError?: number; largestError?: number }, cls = ''): string =>
    `<tr${cls}><th scope="row">${name}</th><td>${value(t.rmse)}</td><td>${value(t.meanAbsoluteError)}</td><td>${t.meanError === undefined ? '' : value(t.meanError)}</td><td>${t.largestError === undefined ? '' : value(t.largestError)}</td></tr>`;
  const rows = targets.map((name, j) => row(escapeHtml(name), summary.targets[j]));
  if (targets.length > 1) rows.push(row('all targets', summary, ' class="total"'));
  return `<section><h2>Residuals</h2>
<p class="muted">The residual of an example is e = a − y, the network's output minus the true value, in the target's units, over the ${escapeHtml(evaluatedOn)} set. RMSE = √(mean e²); the mean error is the network's bias (above 0: it overestimates on average).</p>
<table class="residuals"><thead><tr><th>target</th><th>RMSE</th><th>mean |e|</th><th>mean e</th><th>largest |e|</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function worstSection(input: RegressionReportInput, evaluatedOn: string): string {
  const { targets, count, outputs, actual, lines } = input;
  const outputSize = targets.length;
  const worst = largestErrors(outputs, actual, count, outputSize, WORST_SHOWN);
  const head = targets.map((name) => `<th colspan="2">${escapeHtml(name)}: predicted, actual</th>`).join('');
  const body = worst
    .map(({ index, error }) => {
      const cells = targets.map((_, j) => `<td>${value(outputs[index * outputSize + j])}</td><td class="actual">${value(actual[index * outputSize + j])}</td>`).join('');
      return `<tr><th scope="row">${lines === undefined ? `#${index + 1}` : `line ${lines[index]}`}</th>${cells}<td>${value(error)}</td></tr>`;
    })
    .join('');
  const where = lines === undefined ? 'position in the set, from 1' : 'line in its CSV file';
  return `<section><h2>Largest errors</h2>
<p class="muted">The ${formatCount(worst.length)} ${escapeHtml(evaluatedOn)} examples the final network misses by the most (by ${outputSize === 1 ? '|a − y|' : '‖a − y‖ over the targets'}), worst first; each named by its ${where}.</p>
<table class="errors"><thead><tr><th>example</th>${head}<th>${outputSize === 1 ? '|a − y|' : '‖a − y‖'}</th></tr></thead><tbody>${body}</tbody></table></section>`;
}

const STYLE = `
.scatter .identity { stroke: #dc2626; stroke-width: 1.5; stroke-dasharray: 6 4; }
.scatter .dot { fill: #2563eb; fill-opacity: 0.55; }
.scatter rect.axis { fill: none; }
.residuals th, .residuals td, .errors th, .errors td { padding: 3px 12px; text-align: right; border-bottom: 1px solid #f0f1f3; }
.residuals th[scope="row"], .errors th[scope="row"] { text-align: left; }
.residuals tr.total th, .residuals tr.total td { border-top: 1px solid #9ca3af; font-weight: 600; }
.errors td.actual { color: #15803d; }
`;
