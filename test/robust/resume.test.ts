import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseCheckpoint } from '../../src/serialization/checkpoint.ts';
import { parseModel } from '../../src/serialization/modelFile.ts';
import { BIN, nabla, tempDir, writeSmallMnist } from '../train/helpers.ts';

/**
 * Issue 12, points 10 and 11: a run checkpointed and resumed ends with the bits of the run
 * that was never interrupted (float32 and float64, one thread and two); Ctrl-C and SIGTERM
 * finish the mini-batch, write, say how to resume and exit 130; SIGKILL never leaves a
 * corrupt checkpoint.
 */

const dir = tempDir();
const mnist = join(dir, 'mnist');
mkdirSync(mnist);
writeSmallMnist(mnist, 1_000, 300);

const common = ['--data', mnist, '--quiet', '--batch', '10', '--seed', '4'];

function run(args: string[]): void {
  const result = nabla(['train', ...common, ...args]);
  assert.equal(result.status, 0, `nabla train ${args.join(' ')}: ${result.stderr}`);
}

for (const dtype of ['float32', 'float64']) {
  for (const threads of ['1', '2']) {
    test(`--resume after 2 of 4 epochs ends with the uninterrupted run's bits (${dtype}, ${threads} thread${threads === '1' ? '' : 's'})`, () => {
      const flags = ['--dtype', dtype, '--kernel', threads === '1' ? 'auto' : 'threads', '--threads', threads];
      const whole = join(dir, `whole-${dtype}-${threads}.json`);
      run([...flags, '--epochs', '4', '--save', whole]);
      const checkpoints = join(dir, `ck-${dtype}-${threads}`);
      run([...flags, '--epochs', '2', '--checkpoint', checkpoints]);
      const checkpoint = parseCheckpoint(readFileSync(join(checkpoints, 'checkpoint.json'), 'utf8'));
      assert.equal(checkpoint.epoch, 2);
      const resumed = join(dir, `resumed-${dtype}-${threads}.json`);
      const result = nabla(['train', '--resume', checkpoints, '--epochs', '4', '--save', resumed, '--threads', threads]);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /^Resuming .* at epoch 3 of 4/m);
      assert.equal(readFileSync(resumed, 'utf8'), readFileSync(whole, 'utf8'), 'bit-identical parameters');
    });
  }
}

interface Finished {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts nabla train, sends `signal` once the first epoch line is out plus `delayMs`, and waits for it to end. */
function signalDuringRun(args: string[], signal: NodeJS.Signals, delayMs: number): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'train', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!sent && /Epoch 1\//.test(stdout)) {
        sent = true;
        setTimeout(() => child.kill(signal), delayMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // 128 + the signal's number, as shells report it: 130 for SIGINT, 143 for SIGTERM.
  const status = signal === 'SIGINT' ? 130 : 143;
  test(`${signal} mid-epoch: finish the mini-batch, write the checkpoint, print how to resume, exit ${status}; resuming gives the uninterrupted bits`, async () => {
    const flags = ['--data', mnist, '--batch', '10', '--seed', '9', '--epochs', '6'];
    const whole = join(dir, `whole-${signal}.json`);
    run(['--seed', '9', '--epochs', '6', '--save', whole]);
    const checkpoints = join(dir, `ck-${signal}`);
    const stopped = await signalDuringRun([...flags, '--checkpoint', checkpoints], signal, 30);
    assert.equal(stopped.status, status, `exit ${status}; stderr: ${stopped.stderr}`);
    assert.match(stopped.stdout + stopped.stderr, new RegExp(`nabla train --resume ${checkpoints.replace(/[/\\.]/g, '\\$&')}`));
    const checkpoint = parseCheckpoint(readFileSync(join(checkpoints, 'checkpoint.json'), 'utf8'));
    assert.ok(checkpoint.epoch < 6);
    const resumed = join(dir, `resumed-${signal}.json`);
    const result = nabla(['train', '--resume', checkpoints, '--save', resumed, '--quiet']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(readFileSync(resumed, 'utf8'), readFileSync(whole, 'utf8'), 'bit-identical parameters after a mid-epoch stop');
  });
}

test('SIGKILL at any moment leaves the previous checkpoint whole (or none yet), never a corrupt one', async () => {
  const checkpoints = join(dir, 'ck-kill');
  for (const delayMs of [0, 7, 23, 61, 150, 333]) {
    await signalDuringRun(['--data', mnist, '--batch', '10', '--epochs', '30', '--checkpoint', checkpoints], 'SIGKILL', delayMs);
    const file = join(checkpoints, 'checkpoint.json');
    if (!existsSync(file)) continue;
    const checkpoint = parseCheckpoint(readFileSync(file, 'utf8'));
    assert.ok(checkpoint.epoch >= 1);
    assert.ok(parseModel(JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')).model })).network.sizes.length === 3);
  }
});

test('--resume with flags that would change the run is refused; a folder without a checkpoint is refused', () => {
  const empty = join(dir, 'empty');
  const result = nabla(['train', '--resume', empty]);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--resume .*empty: no checkpoint\.json there/);
  const checkpoints = join(dir, 'ck-float32-1');
  const changed = nabla(['train', '--resume', checkpoints, '--eta', '0.1']);
  assert.equal(changed.status, 2);
  assert.match(changed.stderr, /--resume continues the run as it was: --eta cannot change/);
});

test('train(): stopping after mini-batch 7 of epoch 2 and resuming from its state gives the uninterrupted bits (float32 and float64)', async () => {
  const { createReferenceKernel } = await import('../../src/kernels/reference.ts');
  const { createRng, restoreRng } = await import('../../src/math/rng.ts');
  const { createNetwork } = await import('../../src/network/network.ts');
  const { train } = await import('../../src/training/sgd.ts');
  const count = 120;
  const inputs = Float64Array.from({ length: count * 3 }, (_, i) => Math.sin(i * 0.37));
  const targets = Float64Array.from({ length: count * 2 }, (_, i) => ((i >> 1) % 3 === 0 ? i % 2 : 1 - (i % 2)));
  const data = { count, inputSize: 3, outputSize: 2, inputs, inputScale: 1, targets };
  for (const dtype of ['float32', 'float64'] as const) {
    const spec = { sizes: [3, 5, 2], activation: 'sigmoid' as const, cost: 'quadratic' as const, dtype };
    const options = { epochs: 4, batchSize: 10, learningRate: 2 };
    const whole = createNetwork({ sizes: spec.sizes, rng: createRng(6) });
    const wholeRng = createRng(6);
    createNetwork({ sizes: spec.sizes, rng: wholeRng });
    await train(whole, createReferenceKernel(spec), data, { ...options, rng: wholeRng });

    const network = createNetwork({ sizes: spec.sizes, rng: createRng(6) });
    const rng = createRng(6);
    createNetwork({ sizes: spec.sizes, rng });
    // Count the steps the kernel takes; stop once 12 + 7 are done (shouldStop is also asked between slices).
    let batches = 0;
    const kernel = createReferenceKernel(spec);
    const step = kernel.trainBatch.bind(kernel);
    kernel.trainBatch = (...args) => {
      batches++;
      step(...args);
    };
    let saved: import('../../src/training/trainingState.ts').TrainingState | undefined;
    const first = await train(network, kernel, data, { ...options, rng, shouldStop: () => batches >= 12 + 7, onState: (state) => void (saved = { ...state, order: state.order.slice() }) });
    assert.ok(first.stopped);
    assert.deepEqual([saved?.epoch, saved?.examplesDone], [1, 70], 'stopped after mini-batch 7 of epoch 2');
    const state = saved as NonNullable<typeof saved>;
    const resumedNetwork = { ...network, weights: network.weights.map((w) => w.slice()), biases: network.biases.map((b) => b.slice()) };
    await train(resumedNetwork, createReferenceKernel(spec), data, { ...options, rng: restoreRng(state.rng), resume: state });
    assert.deepEqual(resumedNetwork.weights, whole.weights, dtype);
    assert.deepEqual(resumedNetwork.biases, whole.biases, dtype);
  }
});

for (const dtype of ['float32', 'float64']) {
  test(`--resume keeps the update rule's state, the dropout seed, the schedule and early stopping's best epoch (Adam, momentum, SGD with L2; ${dtype})`, () => {
    // (SGD with L2 30: the WebAssembly kernels' w^2 = s W̃ folds s twice in 4 epochs; the checkpoint holds both)
    for (const rule of [['--optimizer', 'adam', '--eta', '0.01'], ['--optimizer', 'momentum', '--momentum', '0.9', '--eta', '0.5'], ['--optimizer', 'sgd', '--l2', '30', '--eta', '0.5']]) {
      const flags = ['--dtype', dtype, ...rule, '--dropout', '0.2', '--schedule', 'step:1:0.7', '--early-stop', '10', '--seed', '3'];
      const name = `${dtype}-${rule[1]}`;
      const whole = join(dir, `whole-${name}.json`);
      run([...flags, '--epochs', '4', '--save', whole]);
      const checkpoints = join(dir, `ck-${name}`);
      run([...flags, '--epochs', '2', '--checkpoint', checkpoints]);
      const checkpoint = parseCheckpoint(readFileSync(join(checkpoints, 'checkpoint.json'), 'utf8'));
      assert.ok((checkpoint.optimizer?.update?.steps ?? 0) > 0, 'the update state is in the checkpoint');
      if (rule[1] === 'sgd') assert.ok(checkpoint.optimizer?.update?.w2Scaled !== undefined, 'w^2 as the kernel keeps it is in the checkpoint');
      const resumed = join(dir, `resumed-${name}.json`);
      const result = nabla(['train', '--resume', checkpoints, '--epochs', '4', '--save', resumed, '--quiet']);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(readFileSync(resumed, 'utf8'), readFileSync(whole, 'utf8'), `bit-identical parameters (${name})`);
    }
  });
}
