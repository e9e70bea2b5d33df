import type { EpochReport } from './sgd.ts';

/**
 * The best epoch: by validation accuracy (lowest validation RMSE for a regression) whenever
 * the run has a validation set, never by the test set, whose best epoch is an optimistic
 * figure (chosen by looking at it); by the test set (or the training set) only when there is
 * nothing else. The earliest on ties; undefined without any score.
 */
export function bestEpoch(reports: readonly EpochReport[], task: 'classification' | 'regression' = 'classification'): { report: EpochReport; by: 'validation' | 'test' } | undefined {
  const by = reports.some((r) => r.validation !== undefined) ? 'validation' : 'test';
  const score = (r: EpochReport): number | undefined => {
    const evaluation = by === 'validation' ? r.validation : r.test;
    const value = task === 'regression' ? (evaluation?.rmse === undefined ? undefined : -evaluation.rmse) : evaluation?.accuracy;
    return value !== undefined && Number.isFinite(value) ? value : undefined;
  };
  let best: EpochReport | undefined;
  for (const report of reports) {
    const s = score(report);
    if (s !== undefined && (best === undefined || s > (score(best) as number))) best = report;
  }
  return best === undefined ? undefined : { report: best, by };
}
