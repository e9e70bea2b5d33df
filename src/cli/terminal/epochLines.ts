import type { EpochReport } from '../../training/sgd.ts';
import { renderChart } from './chart.ts';
import { bestEpoch } from '../../training/bestEpoch.ts';
import { formatCost, formatCount, formatPercent, formatSeconds } from '../../common/format.ts';

/**
 * What `nabla train` prints about epochs: one line per epoch (or one JSON object with
 * --json), and the summary at the end. Pure: returns strings, the command writes them.
 */

/** The JSON object printed for one epoch with --json (accuracies as fractions in [0, 1]). */
export interface EpochJson {
  epoch: number;
  epochs: number;
  trainSeconds: number;
  testAccuracy: number | null;
  testCorrect: number | null;
  testCount: number | null;
  testCost: number | null;
  validationAccuracy: number | null;
  validationCost: number | null;
  /** Examples trained on in this epoch (fewer than the training set when stopped early). */
  examples: number;
  /** The kernel that trained it (e.g. "wasm-relaxed-simd", or "reference" when no fast kernel runs the configuration). */
  kernel?: string;
  /** η in this epoch (a schedule changes it). */
  learningRate?: number;
  /** Root-mean-square errors (a regression's score; also computed for classifiers). */
  testRmse: number | null;
  validationRmse: number | null;
}

export function epochJson(report: EpochReport, kernel?: string): EpochJson {
  const { test, validation } = report;
  return {
    epoch: report.epoch,
    epochs: report.epochs,
    trainSeconds: report.trainSeconds,
    testAccuracy: test?.accuracy ?? null,
    testCorrect: test?.correct ?? null,
    testCount: test?.count ?? null,
    testCost: test?.meanCost ?? null,
    validationAccuracy: validation?.accuracy ?? null,
    validationCost: validation?.meanCost ?? null,
    examples: report.examplesTrained,
    ...(kernel === undefined ? {} : { kernel }),
    ...(report.learningRate === undefined ? {} : { learningRate: report.learningRate }),
    testRmse: test?.rmse ?? null,
    validationRmse: validation?.rmse ?? null,
  };
}

/**
 * JSON.stringify(epochJson(report, kernel)), character for character, written out directly:
 * a run of a tiny data set prints thousands of these a second, and the object and the
 * generic stringify were a third of the CLI's cost of an XOR epoch.
 */
export function epochJsonLine(report: EpochReport, kernel?: string): string {
  const { test, validation } = report;
  return (
    `{"epoch":${json(report.epoch)},"epochs":${json(report.epochs)},"trainSeconds":${json(report.trainSeconds)},` +
    `"testAccuracy":${json(test?.accuracy)},"testCorrect":${json(test?.correct)},"testCount":${json(test?.count)},"testCost":${json(test?.meanCost)},` +
    `"validationAccuracy":${json(validation?.accuracy)},"validationCost":${json(validation?.meanCost)},"examples":${json(report.examplesTrained)}` +
    `${kernel === undefined ? '' : `,"kernel":${JSON.stringify(kernel)}`}${report.learningRate === undefined ? '' : `,"learningRate":${json(report.learningRate)}`}` +
    `,"testRmse":${json(test?.rmse)},"validationRmse":${json(validation?.rmse)}}`
  );
}

/** A number as JSON.stringify writes it (NaN and ±∞ as null), undefined as null. */
function json(x: number | undefined): string {
  return x !== undefined && Number.isFinite(x) ? String(x) : 'null';
}

/**
 * `Epoch  7/30  test 9,482 / 10,000 (94.82%)  validation 95.10%  cost 0.0412  0.21 s`.
 * `evaluatedOn` names the set behind the first figures ('test', or 'training' when there is no test set).
 */
export function epochLine(report: EpochReport, evaluatedOn = 'test', task: 'classification' | 'regression' = 'classification'): string {
  const parts = [`Epoch ${String(report.epoch).padStart(String(report.epochs).length)}/${report.epochs}`];
  const { test, validation } = report;
  if (task === 'regression') {
    // `Epoch  7/30  test RMSE 0.4121  validation RMSE 0.4310  cost 0.0849  0.21 s`
    if (test?.rmse !== undefined) parts.push(`${evaluatedOn} RMSE ${formatCost(test.rmse)}`);
    if (validation?.rmse !== undefined) parts.push(`validation RMSE ${formatCost(validation.rmse)}`);
    if (test) parts.push(`cost ${formatCost(test.meanCost)}`);
    parts.push(formatSeconds(report.trainSeconds));
    return parts.join('  ');
  }
  if (test?.accuracy !== undefined && test.correct !== undefined) {
    parts.push(`${evaluatedOn} ${formatCount(test.correct)} / ${formatCount(test.count)} (${formatPercent(test.accuracy)})`);
  }
  if (validation?.accuracy !== undefined) parts.push(`validation ${formatPercent(validation.accuracy)}`);
  if (test) parts.push(`cost ${formatCost(test.meanCost)}`);
  parts.push(formatSeconds(report.trainSeconds));
  return parts.join('  ');
}

export interface SummaryOptions {
  /** Wall-clock seconds from the first epoch's start to the last one's end (with evaluation). */
  readonly wallSeconds: number;
  readonly evaluatedOn?: string;
  /** Draw the charts (default true). */
  readonly charts?: boolean;
  readonly color?: boolean;
  /** A regression is scored by RMSE (lower is better) instead of accuracy. */
  readonly task?: 'classification' | 'regression';
}

/** The lines after the last epoch: best epoch, time, and charts of accuracy and cost. */
export function summaryLines(reports: readonly EpochReport[], options: SummaryOptions): string[] {
  const evaluatedOn = options.evaluatedOn ?? 'test';
  const lines: string[] = [];
  const full = reports.filter((r) => !r.stopped);
  const regression = options.task === 'regression';
  const best = bestEpoch(reports, options.task);
  if (best !== undefined) {
    const { report: r, by } = best;
    const first = regression ? `${evaluatedOn} RMSE ${formatCost(r.test?.rmse ?? NaN)}` : r.test?.correct !== undefined ? `${evaluatedOn} ${formatCount(r.test.correct)} / ${formatCount(r.test.count)} (${formatPercent(r.test.accuracy ?? NaN)})` : undefined;
    const validation = regression ? (r.validation?.rmse === undefined ? undefined : `validation RMSE ${formatCost(r.validation.rmse)}`) : r.validation?.accuracy === undefined ? undefined : `validation ${formatPercent(r.validation.accuracy)}`;
    // "chosen by validation" says which figure picked the epoch, and so which one is optimistic.
    lines.push(`Best: epoch ${r.epoch}${by === 'validation' ? ' (by validation)' : ''}, ${[first, validation].filter((p) => p !== undefined).join(', ')}`);
  }
  const trainSeconds = reports.reduce((sum, r) => sum + r.trainSeconds, 0);
  const perEpoch = full.length > 0 ? `, ${formatSeconds(full.reduce((sum, r) => sum + r.trainSeconds, 0) / full.length)} per epoch` : '';
  lines.push(`Time: ${formatSeconds(trainSeconds)} training${perEpoch}; ${formatSeconds(options.wallSeconds)} in all with evaluation`);

  const charted = reports.filter((r) => r.test !== undefined);
  if ((options.charts ?? true) && charted.length > 1) {
    const width = Math.min(60, Math.max(24, charted.length * 2));
    const common = { width, height: 8, xStart: charted[0].epoch, color: options.color };
    lines.push('');
    lines.push(
      ...(regression
        ? renderChart([{ label: `${evaluatedOn} RMSE`, values: charted.map((r) => r.test?.rmse ?? NaN) }], { ...common, title: `${capitalise(evaluatedOn)} RMSE`, formatY: formatCost })
        : renderChart([{ label: `${evaluatedOn} accuracy`, values: charted.map((r) => r.test?.accuracy ?? NaN) }], {
            ...common,
            title: `${capitalise(evaluatedOn)} accuracy`,
            formatY: (v) => formatPercent(v),
          })),
    );
    lines.push('');
    lines.push(
      ...renderChart([{ label: `${evaluatedOn} cost`, values: charted.map((r) => r.test?.meanCost ?? NaN) }], {
        ...common,
        title: `Mean ${evaluatedOn} cost`,
        formatY: formatCost,
      }),
    );
  }
  return lines;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
