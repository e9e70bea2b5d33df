import type { Network } from '../network/network.ts';
import type { Evaluation } from './evaluate.ts';

/** What a run is scored on: accuracy for a classifier, RMSE for a regression. */
export type TrainingTask = 'classification' | 'regression';

/** A validation score where higher is better: the accuracy, or −RMSE. Undefined without one. */
export function validationScore(evaluation: Evaluation | undefined, task: TrainingTask): number | undefined {
  if (evaluation === undefined) return undefined;
  const score = task === 'regression' ? (evaluation.rmse === undefined ? undefined : -evaluation.rmse) : evaluation.accuracy;
  return score !== undefined && Number.isFinite(score) ? score : undefined;
}

/** Early stopping's position: the best epoch, its score and parameters (slots 0 and 1 empty), and the epochs since. */
export interface EarlyStoppingSnapshot {
  readonly bestEpoch: number | null;
  readonly bestScore: number | null;
  readonly since: number;
  readonly weights: Float64Array[];
  readonly biases: Float64Array[];
}

/**
 * Early stopping with a patience: training stops once the validation score has not improved
 * for `patience` epochs in a row, and the parameters of the best epoch are kept (copied here
 * after each improvement, so restoring them costs nothing at the end).
 */
export class EarlyStopping {
  bestEpoch: number | undefined;
  bestScore: number | undefined;
  private since = 0;
  private readonly patience: number;
  private readonly best: Network;

  constructor(patience: number, network: Network) {
    this.patience = patience;
    this.best = { ...network, weights: network.weights.map((w) => w.slice()), biases: network.biases.map((b) => b.slice()) };
  }

  /** After an epoch whose parameters are in `network`: true when training should stop. */
  afterEpoch(epoch: number, score: number | undefined, network: Network): boolean {
    if (score !== undefined && (this.bestScore === undefined || score > this.bestScore)) {
      this.bestScore = score;
      this.bestEpoch = epoch;
      this.since = 0;
      for (let l = 2; l <= network.sizes.length; l++) {
        this.best.weights[l].set(network.weights[l]);
        this.best.biases[l].set(network.biases[l]);
      }
      return false;
    }
    return ++this.since >= this.patience;
  }

  /** The best epoch so far, its score and parameters, and the epochs since: for a checkpoint. */
  snapshot(): EarlyStoppingSnapshot {
    return { bestEpoch: this.bestEpoch ?? null, bestScore: this.bestScore ?? null, since: this.since, weights: this.best.weights.map((w) => w.slice()), biases: this.best.biases.map((b) => b.slice()) };
  }

  /** Continues from a snapshot, exactly where it was taken. */
  restoreSnapshot(snapshot: EarlyStoppingSnapshot): void {
    this.bestEpoch = snapshot.bestEpoch ?? undefined;
    this.bestScore = snapshot.bestScore ?? undefined;
    this.since = snapshot.since;
    for (let l = 2; l < snapshot.weights.length; l++) {
      this.best.weights[l].set(snapshot.weights[l]);
      this.best.biases[l].set(snapshot.biases[l]);
    }
  }

  /** Copies the best epoch's parameters into `network` (nothing before the first scored epoch). */
  restore(network: Network): void {
    if (this.bestEpoch === undefined) return;
    for (let l = 2; l <= network.sizes.length; l++) {
      network.weights[l].set(this.best.weights[l]);
      network.biases[l].set(this.best.biases[l]);
    }
  }
}
