import { strictNumber } from '../common/strictNumber.ts';

/**
 * Learning-rate schedules: η for the next epoch from the epochs so far.
 * - 'step:EPOCHS:FACTOR': η ← η · FACTOR after every EPOCHS epochs (e.g. step:10:0.5 halves it every 10);
 * - 'exp:FACTOR': η ← η · FACTOR after every epoch (exponential decay);
 * - 'plateau:PATIENCE': η ← η / 2 when the validation score has not improved for PATIENCE
 *   epochs in a row (the reference's chapter 3 suggestion), then the count starts again.
 */
export type Schedule =
  | { readonly kind: 'step'; readonly epochs: number; readonly factor: number }
  | { readonly kind: 'exp'; readonly factor: number }
  | { readonly kind: 'plateau'; readonly patience: number };

/** The factor 'plateau' multiplies η by. */
export const PLATEAU_FACTOR = 0.5;

/** Parses 'step:10:0.5', 'exp:0.95' or 'plateau:5'; throws a RangeError that shows the forms. */
export function parseSchedule(text: string): Schedule {
  const forms = 'step:EPOCHS:FACTOR (e.g. step:10:0.5), exp:FACTOR (e.g. exp:0.95) or plateau:PATIENCE (e.g. plateau:5)';
  const parts = text.split(':');
  const number = (s: string | undefined): number => (s === undefined ? NaN : strictNumber(s));
  const factorOk = (f: number): boolean => Number.isFinite(f) && f > 0;
  const wholeOk = (n: number): boolean => Number.isInteger(n) && n >= 1;
  if (parts[0] === 'step' && parts.length === 3 && wholeOk(number(parts[1])) && factorOk(number(parts[2]))) {
    return { kind: 'step', epochs: number(parts[1]), factor: number(parts[2]) };
  }
  if (parts[0] === 'exp' && parts.length === 2 && factorOk(number(parts[1]))) return { kind: 'exp', factor: number(parts[1]) };
  if (parts[0] === 'plateau' && parts.length === 2 && wholeOk(number(parts[1]))) return { kind: 'plateau', patience: number(parts[1]) };
  throw new RangeError(`schedule '${text}' is not one of ${forms}; EPOCHS and PATIENCE are whole numbers ≥ 1, FACTOR a number > 0`);
}

/** How a schedule prints: 'η × 0.5 every 10 epochs'. */
export function describeSchedule(schedule: Schedule): string {
  switch (schedule.kind) {
    case 'step':
      return `η × ${schedule.factor} every ${schedule.epochs} epoch${schedule.epochs === 1 ? '' : 's'}`;
    case 'exp':
      return `η × ${schedule.factor} every epoch`;
    case 'plateau':
      return `η halved after ${schedule.patience} epoch${schedule.patience === 1 ? '' : 's'} without a better validation score`;
  }
}

/** A schedule's position: η for the next epoch, and 'plateau''s best score and epochs since. */
export interface ScheduleSnapshot {
  readonly eta: number;
  readonly best: number | null;
  readonly sinceBest: number;
}

/** Follows a schedule through training: call `afterEpoch` once an epoch is done; `eta` is the η for the next one. */
export class ScheduleState {
  eta: number;
  private sinceBest = 0;
  private best: number | undefined;
  private readonly schedule: Schedule | undefined;

  constructor(schedule: Schedule | undefined, eta: number) {
    this.schedule = schedule;
    this.eta = eta;
  }

  /** η and the plateau count, for a checkpoint. */
  snapshot(): ScheduleSnapshot {
    return { eta: this.eta, best: this.best ?? null, sinceBest: this.sinceBest };
  }

  /** Continues from a snapshot, exactly where it was taken. */
  restoreSnapshot(snapshot: ScheduleSnapshot): void {
    this.eta = snapshot.eta;
    this.best = snapshot.best ?? undefined;
    this.sinceBest = snapshot.sinceBest;
  }

  /**
   * `epoch` is 1-based; `score` is the validation score (higher is better: accuracy, or −RMSE),
   * needed by 'plateau' only.
   */
  afterEpoch(epoch: number, score: number | undefined): void {
    const s = this.schedule;
    if (s === undefined) return;
    if (s.kind === 'step') {
      if (epoch % s.epochs === 0) this.eta *= s.factor;
    } else if (s.kind === 'exp') {
      this.eta *= s.factor;
    } else {
      if (score === undefined || !Number.isFinite(score)) return;
      if (this.best === undefined || score > this.best) {
        this.best = score;
        this.sinceBest = 0;
      } else if (++this.sinceBest >= s.patience) {
        this.eta *= PLATEAU_FACTOR;
        this.sinceBest = 0;
      }
    }
  }
}
