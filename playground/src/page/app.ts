import type { Network } from 'nabla';
import type { Problem } from '../problem.ts';
import type { EpochPoint, ToWorker } from '../protocol.ts';
import { parseSetup, type Setup } from '../state.ts';
import type { Selection } from '../views/diagram.ts';

/**
 * The page's state, in one object the page's modules share (read the setup from the URL once,
 * at load): what trains, what it has done, and what the views are looking at. The modules
 * that write a field are named beside it.
 */
export const parsed = parseSetup(location.search);

export const app = {
  /** What the URL says (controls.ts; session.ts fits the sizes to the data; modelFiles.ts). */
  setup: parsed.setup as Setup,
  /** The data of this setup, once built (session.ts). */
  problem: undefined as Problem | undefined,
  /** The page's copy of the network, updated from the worker's snapshots and the stepper's "apply" (session.ts, stepperPanel.ts). */
  network: undefined as Network | undefined,
  /** The curves' points and the epoch reached (session.ts). */
  history: [] as EpochPoint[],
  epoch: 0,
  /** Whether the worker trains (playing.ts). */
  playing: false,
  /** Counts worker sessions: a snapshot of an older one is dropped (session.ts). */
  generation: 0,
  /** The uploaded CSV (controls.ts, modelFiles.ts). */
  csvFile: undefined as { text: string; name: string } | undefined,
  /** The neuron picked in the diagram (render.ts). */
  selection: undefined as Selection | undefined,
  /** The training example the stepper walks, ringed in the plot (stepperPanel.ts). */
  stepping: undefined as number | undefined,
  /** The drawn digit (digits.ts). */
  digit: undefined as Float64Array | undefined,
  /** What a loaded model file was (modelFiles.ts; cleared by session.ts for a fresh network). */
  modelNote: '',
};

/** The training worker: it owns the kernel and the loop (worker.ts). */
export const worker = new Worker(new URL('../worker.ts', import.meta.url), { type: 'module' });
export const send = (message: ToWorker): void => worker.postMessage(message);

/** Heatmap resolution: the diagram's neurons and the big plot share one pass over the plane. */
export const GRID = 48;

/** What a change needs rebuilt: new data (and so a new network), a new network, or only new η / m. */
export type Rebuild = 'data' | 'network' | 'hyper';
export type Change = (patch: Partial<Setup>, rebuild: Rebuild) => void;
