import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Dataset, DType, Kernel, KernelSpec } from '../../src/kernels/kernel.ts';
import { createReferenceKernel } from '../../src/kernels/reference.ts';
import { createKernel, referenceFallbackNotice } from '../../src/kernels/registry.ts';
import { describeSpec, normalizeSpec } from '../../src/kernels/spec.ts';
import { createRng } from '../../src/math/rng.ts';
import type { UpdateRuleSpec } from '../../src/math/updateRules/index.ts';
import { createNetwork, zeroNetwork, type Network } from '../../src/network/network.ts';
import { availableNodeKernels, createNodeKernel } from '../../src/node/kernels.ts';
import { activationsOf, combinations, rules, targetFor, type Combination } from './combinations.ts';
import { shuffled } from './helpers.ts';

/**
 * The kernel suite over every configuration the registries define: each activation × cost ×
 * update rule (and L2, L1, dropout), on every kernel this engine has, compared with the
 * reference kernel (the oracle) after several mini-batch steps. Generated from the
 * registries: a new definition is covered here without a new test, and a fast kernel that
 * refuses a configuration fails here unless the configuration is on UNSUPPORTED below, with
 * why (a TypeScript-only definition must not pass as 120 green refusals). A refusal on the
 * list must name the configuration (never compute something else), and 'auto' must then take
 * the reference kernel with a notice naming it.
 */
/**
 * The configurations a fast kernel may refuse, each with the reason: none today (every
 * activation, cost and update rule has its AssemblyScript counterpart).
 */
const UNSUPPORTED: readonly { readonly kernel: RegExp; readonly matches: (spec: KernelSpec) => boolean; readonly why: string }[] = [];

function refusalAllowed(kernel: string, spec: KernelSpec): boolean {
  return UNSUPPORTED.some((u) => u.kernel.test(kernel) && u.matches(spec));
}

interface Candidate {
  readonly label: string;
  create(spec: KernelSpec): Promise<Kernel>;
}

const names = availableNodeKernels();
const candidates: Candidate[] = [{ label: 'wasm-simd', create: (spec) => createKernel(spec, { kernel: 'wasm-simd' }) }];
if (names.includes('wasm-relaxed-simd')) candidates.push({ label: 'wasm-relaxed-simd', create: (spec) => createKernel(spec, { kernel: 'wasm-relaxed-simd' }) });
candidates.push({ label: 'threads ×2', create: (spec) => createNodeKernel(spec, { kernel: 'threads', threads: 2 }) });

const live = new Set<Kernel>();
after(async () => {
  await Promise.all([...live].map((k) => k.dispose()));
});

interface Run {
  readonly network: Network;
  readonly outputs: Float64Array;
}

const SIZES = [9, 7, 5, 4];
const COUNT = 19;

function dataFor(c: Combination, seed: number): Dataset {
  const rng = createRng(seed);
  const nIn = SIZES[0];
  const nL = SIZES[SIZES.length - 1];
  const inputs = new Uint8Array(COUNT * nIn);
  for (let i = 0; i < inputs.length; i++) inputs[i] = rng.uniform() < 0.5 ? 0 : rng.int(256);
  const targets = new Float64Array(COUNT * nL);
  for (let n = 0; n < COUNT; n++) targets.set(targetFor(c, rng, nL), n * nL);
  return { count: COUNT, inputSize: nIn, outputSize: nL, inputs, inputScale: 1 / 255, targets };
}

/** Two epochs of batches of 4 (the last one 3) with TrainSteps counting t, then inference. */
async function run(kernel: Kernel, network: Network, data: Dataset): Promise<Run> {
  live.add(kernel);
  try {
    kernel.setParameters(network);
    const resident = kernel.loadDataset(data);
    const rng = createRng(5);
    let t = 0;
    for (let epoch = 0; epoch < 2; epoch++) {
      const order = shuffled(rng, COUNT);
      for (let start = 0; start < COUNT; start += 4) {
        kernel.trainBatch(resident, order, start, Math.min(4, COUNT - start), { learningRate: 0.05, trainingSize: 1000, t: ++t, dropoutSeed: 11 });
      }
    }
    const result = zeroNetwork(network.sizes, network.activations, network.cost);
    kernel.getParameters(result);
    const outputs = new Float64Array(COUNT * data.outputSize);
    kernel.feedforwardDataset(resident, outputs);
    resident.release();
    return { network: result, outputs };
  } finally {
    await kernel.dispose();
    live.delete(kernel);
  }
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, what: string): void {
  for (let i = 0; i < expected.length; i++) {
    const tolerance = rtol * Math.max(1, Math.abs(expected[i]));
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `${what}[${i}]: ${actual[i]} vs reference ${expected[i]} (tolerance ${tolerance})`);
  }
}

const tolerance: Record<DType, number> = { float64: 1e-11, float32: 2e-4 };

interface Configuration {
  readonly c: Combination;
  readonly update: UpdateRuleSpec;
  readonly dropout?: number;
  readonly dtype: DType;
}

/** Every combination × rule in float64; every combination with plain SGD in float32; L2, L1 and dropout on a few. */
const configurations: Configuration[] = [
  ...combinations().flatMap((c) => rules.map((rule) => ({ c, update: { rule }, dtype: 'float64' as DType }))),
  ...combinations().map((c) => ({ c, update: { rule: 'sgd' as const }, dtype: 'float32' as DType })),
  ...combinations()
    .filter((c) => c.hidden === 'relu' || c.hidden === 'sigmoid')
    .flatMap((c) => [
      { c, update: { rule: 'sgd' as const, l2: 5 }, dtype: 'float64' as DType },
      { c, update: { rule: 'momentum' as const, l1: 2 }, dtype: 'float64' as DType },
      { c, update: { rule: 'sgd' as const }, dropout: 0.5, dtype: 'float64' as DType },
      { c, update: { rule: 'adam' as const, l2: 1 }, dropout: 0.3, dtype: 'float32' as DType },
    ]),
];

function specOf(config: Configuration): KernelSpec {
  return normalizeSpec({
    sizes: SIZES, activations: activationsOf(config.c, SIZES.length - 1), cost: config.c.cost, dtype: config.dtype, update: config.update,
    ...(config.dropout === undefined ? {} : { dropout: config.dropout }),
  });
}

const expected = new Map<Configuration, Promise<Run>>();
function referenceRun(config: Configuration, network: Network, data: Dataset): Promise<Run> {
  if (!expected.has(config)) expected.set(config, run(createReferenceKernel(specOf(config)), network, data));
  return expected.get(config)!;
}

for (const candidate of candidates) {
  describe(`kernel ${candidate.label} over the registries' configurations`, () => {
    for (const config of configurations) {
      const spec = specOf(config);
      const label = `${config.dtype} ${describeSpec(spec)}`;
      it(`${label}: matches the reference, or refuses naming the configuration`, async () => {
        const network = createNetwork({ sizes: SIZES, rng: createRng(3), init: 'xavier', activations: spec.activations, cost: spec.cost });
        const data = dataFor(config.c, 8);
        let kernel: Kernel;
        try {
          kernel = await candidate.create(spec);
        } catch (error) {
          const message = (error as Error).message;
          assert.ok(refusalAllowed(candidate.label, spec), `${candidate.label} refused ${label}, which is not on UNSUPPORTED: ${message} (write the definition's AssemblyScript counterpart, or list the configuration with why)`);
          // a refusal names what it cannot run: the rule, the dropout, an activation or the cost
          const named = [spec.update?.rule ?? 'sgd', ...(spec.dropout ? ['dropout'] : []), ...spec.activations, spec.cost].some((name) => message.includes(name));
          assert.ok(named, `the refusal should name the configuration: ${message}`);
          return;
        }
        const actual = await run(kernel, network, data);
        const reference = await referenceRun(config, network, data);
        for (let l = 2; l <= SIZES.length; l++) {
          assertClose(actual.network.weights[l], reference.network.weights[l], tolerance[config.dtype], `w^${l}`);
          assertClose(actual.network.biases[l], reference.network.biases[l], tolerance[config.dtype], `b^${l}`);
        }
        assertClose(actual.outputs, reference.outputs, tolerance[config.dtype], 'outputs');
      });
    }
  });
}

describe('no silent slow path', () => {
  it("'auto' runs what the fast kernels cannot on the reference kernel, with a notice naming the configuration", async () => {
    for (const config of configurations) {
      const spec = specOf(config);
      const notice = referenceFallbackNotice(spec);
      const notices: string[] = [];
      const kernel = await createNodeKernel(spec, { onNotice: (line) => notices.push(line) });
      try {
        if (kernel.name === 'reference') {
          assert.equal(notices.length, 1, describeSpec(spec));
          assert.equal(notices[0], notice);
          assert.match(notices[0], /reference kernel/);
        } else {
          assert.deepEqual(notices, [], `${kernel.name} ran ${describeSpec(spec)}, so no notice`);
        }
      } finally {
        await kernel.dispose();
      }
    }
  });
});

describe('update state in and out of every kernel', () => {
  for (const candidate of candidates) {
    for (const rule of ['momentum', 'adam'] as const) {
      it(`${candidate.label} ${rule}: its state matches the reference's, and a kernel given it carries on with the same bits`, async () => {
        const c = combinations().find((x) => x.hidden === 'relu' && x.output === 'softmax')!;
        const config: Configuration = { c, update: { rule, l2: 1 }, dtype: 'float64' };
        const spec = specOf(config);
        const network = createNetwork({ sizes: SIZES, rng: createRng(3), init: 'he', activations: spec.activations, cost: spec.cost });
        const data = dataFor(c, 8);
        const kernels = [await candidate.create(spec), await candidate.create(spec), createReferenceKernel(spec)];
        kernels.forEach((k) => live.add(k));
        try {
          const [a, b, reference] = kernels;
          const order = shuffled(createRng(2), COUNT);
          for (const k of [a, reference]) {
            k.setParameters(network);
            const resident = k.loadDataset(data);
            for (let t = 1; t <= 4; t++) k.trainBatch(resident, order, (t - 1) * 4, 4, { learningRate: 0.05, trainingSize: COUNT, t });
          }
          const state = a.getUpdateState();
          const expected = reference.getUpdateState();
          assert.equal(state.steps, 4);
          assert.equal(state.weights.length, rule === 'adam' ? 2 : 1);
          for (let s = 0; s < state.weights.length; s++) {
            for (let l = 2; l <= SIZES.length; l++) {
              assertClose(state.weights[s][l], expected.weights[s][l], 1e-11, `state ${s} w^${l}`);
              assertClose(state.biases[s][l], expected.biases[s][l], 1e-11, `state ${s} b^${l}`);
            }
          }
          const trained = zeroNetwork(SIZES, spec.activations, spec.cost);
          a.getParameters(trained);
          b.setParameters(trained);
          b.setUpdateState(state);
          const [ra, rb] = [a.loadDataset(data), b.loadDataset(data)];
          a.trainBatch(ra, order, 16, 3, 0.05); // bare η: t = 5 from the state's steps
          b.trainBatch(rb, order, 16, 3, 0.05);
          const [after1, after2] = [zeroNetwork(SIZES, spec.activations, spec.cost), zeroNetwork(SIZES, spec.activations, spec.cost)];
          a.getParameters(after1);
          b.getParameters(after2);
          for (let l = 2; l <= SIZES.length; l++) assert.deepEqual(after2.weights[l], after1.weights[l]);
        } catch (error) {
          if (/cannot run/.test((error as Error).message) && refusalAllowed(candidate.label, spec)) return; // a refusal listed (and checked) above
          throw error;
        } finally {
          await Promise.all(kernels.map(async (k) => {
            await k.dispose();
            live.delete(k);
          }));
        }
      });
    }
  }
});
