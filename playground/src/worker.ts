import { createKernel, createRng, ScheduleState, shuffleInPlace, zeroNetwork, type Schedule, type Kernel, type Network, type ResidentDataset, type Rng } from 'nabla';
import type { EpochPoint, FromWorker, Parameters, ToWorker } from './protocol.ts';
import { deltaSizes, score } from './score.ts';

/**
 * The training worker: the library's fastest kernel for this engine (WebAssembly SIMD where
 * the browser has it) runs mini-batch training with the spec's update rule here, off the page's thread, so the page never
 * freezes. While playing it trains in slices of about SLICE_MS, then reports the epochs it
 * finished and the current parameters, and lets pause/step messages in.
 */
const SLICE_MS = 40;

interface Session {
  readonly generation: number;
  readonly kernel: Kernel;
  readonly network: Network;
  readonly train: ResidentDataset;
  readonly test: ResidentDataset;
  readonly order: Uint32Array;
  readonly rng: Rng;
  eta: number;
  readonly schedule: Schedule | undefined;
  /** η epoch by epoch: the schedule's, restarted from the η the page sets. */
  scheduleState: ScheduleState;
  batch: number;
  epochsPerSecond: number;
  epoch: number;
  /** t, the 1-based count of steps taken (Adam's bias correction and the dropout masks use it). */
  t: number;
  /** Seeds the dropout masks, drawn from the seed as the library's train() draws it. */
  readonly dropoutSeed: number;
  /** Examples of the current epoch done so far (an epoch may span slices on big data). */
  done: number;
  /** Trained since the last snapshot. */
  dirty: boolean;
  pending: EpochPoint[];
}

const scope = globalThis as unknown as {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};

let session: Session | undefined;
let generation = 0;
let playing = false;
let running = false;

function copyParameters(network: Network): Parameters {
  return { weights: network.weights.map((w) => w.slice()), biases: network.biases.map((b) => b.slice()) };
}

function measure(s: Session): EpochPoint {
  s.kernel.getParameters(s.network);
  const evaluate = (data: ResidentDataset) => {
    const out = new Float64Array(data.count * data.dataset.outputSize);
    s.kernel.feedforwardDataset(data, out);
    return score(out, data.dataset, s.kernel.spec.cost);
  };
  const train = evaluate(s.train);
  const test = evaluate(s.test);
  return {
    epoch: s.epoch,
    eta: s.eta,
    trainCost: train.cost,
    trainAccuracy: train.accuracy,
    testCost: test.cost,
    testAccuracy: test.accuracy,
    trainRmse: train.rmse,
    testRmse: test.rmse,
    deltaSizes: deltaSizes(s.network, s.train.dataset),
  };
}

function post(s: Session): void {
  if (s.pending[s.pending.length - 1]?.epoch !== s.epoch && s.done === 0) s.pending.push(measure(s));
  if (s.dirty) s.kernel.getParameters(s.network);
  const parameters = s.dirty ? copyParameters(s.network) : undefined;
  scope.postMessage({ type: 'snapshot', generation: s.generation, kernel: s.kernel.name, epoch: s.epoch, playing, points: s.pending, ...(parameters ? { parameters } : {}) });
  s.pending = [];
  s.dirty = false;
}

/**
 * At full speed an epoch of a 2-D set takes well under a millisecond, so the curves get a
 * point at most every MEASURE_MS (and at the end of every slice), not after every epoch:
 * measuring would otherwise cost as much as training.
 */
const MEASURE_MS = 10;
let lastMeasure = 0;

/** Mini-batches until the epoch ends or `deadline` passes; true when an epoch ended. */
function trainUntil(s: Session, deadline: number): boolean {
  const n = s.train.count;
  // The library's shuffle, as its train() draws each epoch's order.
  if (s.done === 0) shuffleInPlace(s.order, s.rng);
  while (s.done < n) {
    const m = Math.min(s.batch, n - s.done);
    // As the library's train() steps: η, n for L2's and L1's λ/n, the global step t, the dropout seed.
    s.kernel.trainBatch(s.train, s.order, s.done, m, { learningRate: s.eta, trainingSize: n, t: ++s.t, dropoutSeed: s.dropoutSeed });
    s.done += m;
    s.dirty = true;
    if (performance.now() > deadline) break;
  }
  if (s.done < n) return false;
  s.done = 0;
  s.epoch++;
  // As the library's train(): η changes between epochs ('plateau' is refused by the page).
  s.scheduleState.afterEpoch(s.epoch, undefined);
  s.eta = s.scheduleState.eta;
  const now = performance.now();
  if (Number.isFinite(s.epochsPerSecond) || now - lastMeasure >= MEASURE_MS) {
    s.pending.push(measure(s));
    lastMeasure = now;
  }
  return true;
}

const nextTurn = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Trains while playing. At a finite speed, epochs are paid for by credit that accrues at
 * epochsPerSecond (capped, so a stalled tab does not burst afterwards); an epoch already
 * begun always finishes. At full speed every slice trains until its deadline.
 */
async function run(): Promise<void> {
  if (running) return;
  running = true;
  let credit = 1;
  let tick = performance.now();
  try {
    while (playing && session !== undefined) {
      const s = session;
      const start = performance.now();
      credit = Number.isFinite(s.epochsPerSecond) ? Math.min(credit + ((start - tick) / 1000) * s.epochsPerSecond, 1 + s.epochsPerSecond / 4) : Infinity;
      tick = start;
      const deadline = start + SLICE_MS;
      const epochBefore = s.epoch;
      while (performance.now() < deadline && (s.done > 0 || credit >= 1)) {
        if (trainUntil(s, deadline)) credit -= 1;
      }
      if (s.epoch !== epochBefore || s.done > 0) post(s);
      await nextTurn(Number.isFinite(s.epochsPerSecond) ? 15 : 0); // let pause, step and new setups in
    }
  } finally {
    running = false;
  }
}

async function init(message: Extract<ToWorker, { type: 'init' }>): Promise<void> {
  const mine = ++generation;
  const old = session;
  session = undefined;
  if (old !== undefined) await old.kernel.dispose();
  const kernel = await createKernel(message.spec);
  if (mine !== generation) {
    await kernel.dispose(); // a newer setup arrived while this kernel compiled
    return;
  }
  const network = zeroNetwork(kernel.spec.sizes, kernel.spec.activations, kernel.spec.cost);
  setParameters(network, message.parameters);
  kernel.setParameters(network);
  const train = kernel.loadDataset(message.train);
  const test = kernel.loadDataset(message.test);
  const rng = createRng(message.seed);
  const s: Session = {
    generation: mine,
    kernel,
    network,
    train,
    test,
    order: Uint32Array.from({ length: train.count }, (_, i) => i),
    rng,
    t: 0,
    dropoutSeed: kernel.spec.dropout ? rng.int(4294967296) : 0,
    eta: message.eta,
    schedule: message.schedule,
    scheduleState: new ScheduleState(message.schedule, message.eta),
    batch: message.batch,
    epochsPerSecond: message.epochsPerSecond,
    epoch: 0,
    done: 0,
    dirty: false,
    pending: [],
  };
  s.pending.push(measure(s));
  session = s;
  post(s);
  if (playing) void run();
}

function setParameters(network: Network, parameters: Parameters): void {
  for (let l = 2; l < network.sizes.length + 1; l++) {
    network.weights[l].set(parameters.weights[l]);
    network.biases[l].set(parameters.biases[l]);
  }
}

function handle(message: ToWorker): void {
  switch (message.type) {
    case 'init':
      init(message).catch(fail);
      return;
    case 'play':
      playing = true;
      void run().catch(fail);
      return;
    case 'pause':
      playing = false;
      if (session) post(session);
      return;
    case 'step':
      playing = false;
      if (session) {
        const s = session;
        while (!trainUntil(s, Infinity));
        post(s);
      }
      return;
    case 'hyper':
      if (session) {
        session.eta = message.eta;
        session.scheduleState = new ScheduleState(session.schedule, message.eta);
        session.batch = message.batch;
        session.epochsPerSecond = message.epochsPerSecond;
      }
      return;
    case 'parameters':
      if (session) {
        setParameters(session.network, message.parameters);
        session.kernel.setParameters(session.network);
        session.pending.push(measure(session));
        post(session);
      }
      return;
  }
}

function fail(error: unknown): void {
  playing = false;
  scope.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}

scope.onmessage = (event) => {
  try {
    handle(event.data);
  } catch (error) {
    fail(error);
  }
};
