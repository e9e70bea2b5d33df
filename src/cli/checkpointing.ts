import type { Command } from 'commander';
import { InputError } from '../common/errors.ts';
import type { Dataset } from '../data/dataset.ts';
import { restoreRng, type Rng, type RngState } from '../math/rng.ts';
import { readCheckpoint, writeCheckpoint } from '../node/checkpointIO.ts';
import type { Checkpoint } from '../serialization/checkpoint.ts';
import type { Model } from '../serialization/modelFile.ts';
import { largestInput } from '../api/dataChecks.ts';
import { atChance, chanceAccuracy, chanceAdvice, chanceComparison, CHANCE_EPOCH } from '../training/chance.ts';
import { formatCount } from '../common/format.ts';
import { DivergenceError, divergenceText } from '../training/divergence.ts';
import type { EpochReport } from '../training/sgd.ts';
import type { TrainingState } from '../training/trainingState.ts';

/**
 * `nabla train --checkpoint DIR` and `--resume DIR`, and what train says when a run goes
 * wrong (divergence, chance-level accuracy, inputs beyond float32): kept out of the command's
 * file so that it stays about training.
 */

/** Flags a resumed run may give: the total of epochs, where output goes, and how many threads compute the same bits. */
const FREE_ON_RESUME = new Set(['epochs', 'save', 'report', 'json', 'quiet', 'checkpoint', 'resume', 'threads', 'kernel']);
/** Flags that say only where output goes: not recorded in a checkpoint. */
const OUTPUT_ONLY = new Set(['save', 'report', 'json', 'quiet', 'checkpoint', 'resume']);

/** The flags a checkpoint records: every one that shapes the run's numbers, and its total of epochs. */
export function runFlags(flags: object): Record<string, unknown> {
  const run: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(flags)) {
    if (!OUTPUT_ONLY.has(name)) run[name] = value;
  }
  return run;
}

/**
 * The flags of a resumed run: the checkpoint's, with the free ones from the command line.
 * A flag that would change the numbers is refused: the run continues as it was.
 */
export function resumedFlags<T extends object>(flags: T, checkpoint: Checkpoint, command: Command): T {
  for (const option of command.options) {
    const name = option.attributeName();
    if (FREE_ON_RESUME.has(name) || command.getOptionValueSource(name) !== 'cli') continue;
    throw new InputError(`--resume continues the run as it was: --${option.long?.replace(/^--/, '') ?? name} cannot change (the checkpoint has the run's flags); start a new run to change it`);
  }
  const merged: Record<string, unknown> = { ...checkpoint.run };
  for (const [name, value] of Object.entries(flags)) {
    if (OUTPUT_ONLY.has(name) || (FREE_ON_RESUME.has(name) && command.getOptionValueSource(name) === 'cli')) merged[name] = value;
  }
  return merged as T;
}

export async function loadResume(dir: string): Promise<{ checkpoint: Checkpoint; rng: Rng; state: TrainingState }> {
  const checkpoint = await readCheckpoint(dir);
  let rng: Rng;
  try {
    rng = restoreRng(checkpoint.rng as RngState);
  } catch (error) {
    throw new InputError(`--resume ${dir}: the checkpoint's "rng" is damaged (${(error as Error).message})`);
  }
  const training = checkpoint.optimizer;
  const state: TrainingState = {
    epoch: checkpoint.epoch,
    examplesDone: checkpoint.examplesDone,
    order: checkpoint.order,
    rng: rng.state(),
    update: training?.update as TrainingState['update'],
    dropoutSeed: training?.dropoutSeed,
    schedule: training?.schedule,
    early: training?.early,
  };
  return { checkpoint, rng, state };
}

/** Saves a state as DIR/checkpoint.json with the model and the run's flags. */
export async function saveCheckpoint(dir: string, state: TrainingState, model: Model, run: Record<string, unknown>): Promise<void> {
  const { update, dropoutSeed, schedule, early } = state;
  await writeCheckpoint(dir, { epoch: state.epoch, examplesDone: state.examplesDone, order: state.order, rng: state.rng, optimizer: { update, dropoutSeed, schedule, early }, run, model });
}

export function howToResume(dir: string): string {
  return `resume with: nabla train --resume ${dir} (add --epochs N for a different total)`;
}

/** The one line for a run that diverged. */
export function divergenceLine(error: DivergenceError, checkpoint: string | undefined): string {
  const kept = checkpoint === undefined ? 'nothing was saved' : `nothing was saved; the last good checkpoint in ${checkpoint} stays`;
  return `nabla: ${divergenceText(error.site)}; try a smaller η (--eta), standardised features (--normalize) or --dtype float64; ${kept}`;
}

/** One warning when accuracy after CHANCE_EPOCH epochs is, on the evidence, at chance (training/chance.ts); undefined otherwise. */
export function chanceWarning(
  report: EpochReport,
  evaluation: Dataset,
  context: { learningRate: number; training: Dataset; sizes: readonly number[]; evaluatedOn?: string },
): string | undefined {
  if (report.epoch !== CHANCE_EPOCH || report.test === undefined || evaluation.labels === undefined) return undefined;
  const chance = chanceAccuracy(evaluation.labels, evaluation.outputSize);
  const accuracy = report.test.accuracy;
  if (accuracy === undefined || !atChance(accuracy, chance, evaluation.count)) return undefined;
  const widestHidden = Math.max(0, ...context.sizes.slice(1, -1));
  const advice = chanceAdvice({ learningRate: context.learningRate, largestInput: largestInput(context.training), widestHidden });
  const set = context.evaluatedOn ?? 'test';
  return (
    `nabla: warning: after ${CHANCE_EPOCH} epochs the ${set} accuracy, ${(100 * accuracy).toFixed(2)}% of ${formatCount(evaluation.count)} examples, is ` +
    `${chanceComparison(accuracy, chance, evaluation.count)}: the network is not learning; ${advice}`
  );
}
