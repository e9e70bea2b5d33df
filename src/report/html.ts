import type { EpochReport } from '../training/sgd.ts';
import { bestEpoch } from '../training/bestEpoch.ts';
import { classMetrics, confusionTotals } from '../training/metrics.ts';
import { formatCost, formatCount, formatPercent, formatSeconds } from '../common/format.ts';
import { digitSvg } from './digitSvg.ts';
import { escapeHtml } from './escape.ts';
import { FEATURE_MAPS_STYLE, featureMapsSection, type FeatureMapDigit } from './featureMaps.ts';
import { factsSection, htmlPage, TEST_COLOR, VALIDATION_COLOR } from './page.ts';
import { svgLineChart } from './svgChart.ts';

/**
 * The training report of a classifier (`nabla train --report`): one self-contained HTML page
 * (page.ts) with the curves, the confusion matrix, per-class precision and recall, and
 * misclassified digits. A regression's report is regressionHtml.ts.
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
  /** The cost the curves show (default quadratic). */
  readonly cost?: string;
  /** Misclassified images to show (omit for data that are not images). */
  readonly misclassified?: readonly MisclassifiedExample[];
  /** When generated, as text (passed in: this module reads no clock). */
  readonly generated?: string;
  /** The learned filters of the first conv layer (a conv net only). */
  readonly filters?: ConvFilters;
  /** A conv net's feature maps for a few evaluation digits, right and wrong (featureMaps.ts). */
  readonly featureMaps?: readonly FeatureMapDigit[];
}

/** A conv layer's filters: map f's weights on channel 0, w^l_{f,0,p,q}, K_h × K_w row-major each. */
export interface ConvFilters {
  readonly layer: number;
  readonly field: readonly [number, number];
  readonly channels: number;
  readonly maps: readonly (readonly number[])[];
}

export function buildReport(input: ReportInput): string {
  const title = input.title ?? 'nabla training report';
  const evaluatedOn = input.evaluatedOn ?? 'test';
  const { epochs, classes, confusion } = input;
  const { correct, count } = confusionTotals(confusion);
  const sections: string[] = [];

  sections.push(`<h1>${escapeHtml(title)}</h1>`);
  if (input.generated) sections.push(`<p class="muted">${escapeHtml(input.generated)}</p>`);
  sections.push(summarySection(input, correct, count, evaluatedOn));
  sections.push(curvesSection(epochs, evaluatedOn, input.cost ?? 'quadratic'));
  sections.push(confusionSection(confusion, classes, evaluatedOn));
  sections.push(classSection(confusion, classes));
  if (input.filters !== undefined) sections.push(filtersSection(input.filters));
  const maps = input.featureMaps ?? [];
  if (maps.length > 0) sections.push(featureMapsSection(maps, evaluatedOn));
  if (input.misclassified !== undefined) sections.push(misclassifiedSection(input.misclassified, count - correct, evaluatedOn));

  return htmlPage(title, sections, maps.length > 0 ? FEATURE_MAPS_STYLE : '');
}

function summarySection(input: ReportInput, correct: number, count: number, evaluatedOn: string): string {
  const { epochs } = input;
  const facts: [string, string][] = [...input.settings.map(([k, v]) => [k, v] as [string, string])];
  if (epochs.length > 0) {
    // Chosen by validation accuracy when there is a validation set (training/bestEpoch.ts).
    const best = bestEpoch(epochs);
    if (best !== undefined) {
      const { report: r, by } = best;
      const shown = by === 'validation' ? `${formatPercent(r.validation?.accuracy ?? NaN)} validation accuracy` : `${formatPercent(r.test?.accuracy ?? NaN)} ${evaluatedOn} accuracy`;
      facts.push(['best epoch', `${r.epoch}: ${shown}`]);
    }
    const trainSeconds = epochs.reduce((sum, r) => sum + r.trainSeconds, 0);
    facts.push(['training time', `${formatSeconds(trainSeconds)} (${formatSeconds(trainSeconds / epochs.length)} per epoch)`]);
  }
  facts.push([`final ${evaluatedOn} accuracy`, `${formatCount(correct)} / ${formatCount(count)} (${formatPercent(count === 0 ? NaN : correct / count)})`]);
  return factsSection(facts);
}

function curvesSection(epochs: readonly EpochReport[], evaluatedOn: string, costName: string): string {
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
  // The quadratic cost's formula fits the title; the others' are named (their formulas would run into the legend).
  const costTitle = costName === 'quadratic' ? 'Mean cost C = ½‖y − aᴸ‖²' : `Mean ${costName} cost`;
  const costChart = svgLineChart(cost, { title: costTitle, formatY: formatCost, xStart });
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

/**
 * Each filter as a small image, on one grey scale for the whole layer (white the most negative
 * weight, black the most positive), so that filters compare with each other as the book's do.
 */
function filtersSection(filters: ConvFilters): string {
  const [Kh, Kw] = filters.field;
  const all = filters.maps.flat();
  const low = Math.min(...all);
  const high = Math.max(...all);
  const span = high - low || 1;
  const figures = filters.maps.map((weights, f) => {
    const ink = weights.map((w) => (w - low) / span);
    return `<figure>${digitSvg(ink, Kw, Kh, 48, `map ${f}`)}<figcaption>${f}</figcaption></figure>`;
  });
  const channels = filters.channels > 1 ? ` on input channel 0 (of ${filters.channels})` : '';
  return (
    `<section><h2>Learned filters of layer ${filters.layer}</h2>` +
    `<p class="muted">The ${Kh}×${Kw} shared weights w^${filters.layer}_{f,0,p,q} of each of the ${filters.maps.length} feature maps${channels}, ` +
    `black the largest weight (${escapeHtml(formatCost(high))}), white the smallest (${escapeHtml(formatCost(low))}).</p>` +
    `<div class="digits">${figures.join('')}</div></section>`
  );
}
