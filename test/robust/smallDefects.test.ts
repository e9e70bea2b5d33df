import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fsp, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { mock, test } from 'node:test';
import { PNG } from 'pngjs';
import { epochJson, epochLine } from '../../src/cli/terminal/epochLines.ts';
import { writeFileAtomic } from '../../src/node/atomicWrite.ts';
import type { EpochReport } from '../../src/training/sgd.ts';
import { startPlayground } from '../browser/playgroundServer.ts';
import { assertBadInput, nabla, tempDir } from '../cli/helpers.ts';
import { BIN } from '../train/helpers.ts';

/** Issue 20, point 9: the small defects a fuzz probe found, each as the user meets it. */

const dir = tempDir();
const csv = join(dir, 'train.csv');
writeFileSync(csv, 'a,b,label\n0,0,x\n1,1,y\n0,1,x\n1,0,y\n');

test('--json escapes C1 controls and bidi overrides from class names (the same JSON values)', () => {
  const named = join(dir, 'named.csv');
  const evil = '\u202eevil';
  const nel = 'c\u0085x';
  writeFileSync(named, `a,b,label\n0,0,${evil}\n1,1,${nel}\n0,1,${evil}\n1,0,${nel}\n`);
  const model = join(dir, 'named.json');
  assert.equal(nabla(['train', '--train', named, '--epochs', '1', '--quiet', '--save', model]).status, 0);
  const runs = [nabla(['evaluate', '--model', model, '--test', named, '--json']), nabla(['predict', '--model', model, '--input', named, '--label-column', 'label', '--json'])];
  for (const run of runs) {
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/, 'no raw C1 or bidi control on stdout');
    for (const line of run.stdout.trim().split('\n')) JSON.parse(line);
  }
  assert.match(runs[0].stdout, /\\u202e/);
  assert.deepEqual(JSON.parse(runs[0].stdout).classes.sort(), [nel, evil].sort());
});

test('the playground answers only requests whose Host is 127.0.0.1 or localhost on its port', async () => {
  const playground = await startPlayground();
  const status = (host: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: Number(playground.url.port), path: '/', headers: { host } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      req.once('error', reject);
      req.end();
    });
  try {
    const port = playground.url.port;
    assert.equal(await status(`127.0.0.1:${port}`), 200);
    assert.equal(await status(`localhost:${port}`), 200);
    assert.equal(await status(`evil.example:${port}`), 403);
    assert.equal(await status('evil.example'), 403);
    assert.equal(await status(`127.0.0.1:${Number(port) + 1}`), 403);
  } finally {
    await playground.interrupt();
  }
});

test('SIGTERM stops training after the mini-batch with exit status 143, and the cut epoch is labelled partial', async () => {
  const child = spawn(process.execPath, [BIN, 'train', '--epochs', '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    if (stdout === '') setTimeout(() => child.kill('SIGTERM'), 300);
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(status, 143, stderr);
  // (which epoch the signal cuts depends on the machine's speed: on a quiet one epoch 1 ends first)
  const cut = /Epoch ([123])\/3\s+\(partial: ([\d,]+) of 50,000 examples\)/.exec(stdout);
  assert.ok(cut, stdout);
  assert.match(stdout, new RegExp(`Stopped during epoch ${cut[1]} after ${cut[2]} of 50,000 examples`));
});

test('epochJson marks a cut epoch partial, a whole one not', () => {
  const report: EpochReport = { epoch: 2, epochs: 5, trainSeconds: 1, examplesTrained: 300, stopped: true, test: { count: 10, correct: 5, accuracy: 0.5, meanCost: 0.1 } };
  assert.equal(epochJson(report, 'reference', 1000).partial, true);
  assert.equal(epochJson({ ...report, examplesTrained: 1000 }, 'reference', 1000).partial, undefined);
  assert.doesNotMatch(epochLine({ ...report, stopped: false, examplesTrained: 1000 }, 'test', 'classification', 1000), /partial/);
});

test('--sizes, --epochs and --eta read decimal numbers only: 0x10, 1e1 and 0b11 are refused', () => {
  assertBadInput(nabla(['gradcheck', '--sizes', '4,0x10,3']), /--sizes expects .*got '4,0x10,3'/);
  assertBadInput(nabla(['train', '--train', csv, '--epochs', '0x10']), /--epochs expects a whole number/);
  assertBadInput(nabla(['train', '--train', csv, '--batch', '1e1']), /--batch expects a whole number/);
  assertBadInput(nabla(['train', '--train', csv, '--eta', '0b11']), /--eta expects a positive number/);
  assert.equal(nabla(['gradcheck', '--sizes', ' 4, 16 ,3']).status, 0);
});

test('resuming with no epochs left is refused with a sentence; a resumed run says where it starts from', () => {
  const checkpoints = join(dir, 'run');
  assert.equal(nabla(['train', '--train', csv, '--epochs', '3', '--quiet', '--checkpoint', checkpoints]).status, 0);
  assertBadInput(nabla(['train', '--resume', checkpoints, '--epochs', '1']), /--resume .*run: the run has finished 3 epochs, so --epochs 1 in all leaves none to train; give --epochs N with N above 3/);
  assertBadInput(nabla(['train', '--resume', checkpoints]), /finished 3 epochs, so its total of 3 leaves none/);
  const resumed = nabla(['train', '--resume', checkpoints, '--epochs', '4']);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.doesNotMatch(resumed.stdout, /undefined/);
  assert.match(resumed.stdout, /from the checkpoint in .*run/);
});

test('a checkpoint without "dtype" is blamed on the checkpoint, not on --kernel', () => {
  const checkpoints = join(dir, 'damaged');
  assert.equal(nabla(['train', '--train', csv, '--epochs', '1', '--quiet', '--checkpoint', checkpoints]).status, 0);
  const file = join(checkpoints, 'checkpoint.json');
  const checkpoint = JSON.parse(readFileSync(file, 'utf8'));
  delete checkpoint.run.dtype;
  writeFileSync(file, JSON.stringify(checkpoint));
  assertBadInput(nabla(['train', '--resume', checkpoints, '--epochs', '2']), /--resume .*damaged: the checkpoint's "run" has no "dtype", expected 'float32' or 'float64'/);
});

test('a model whose "normalization" overflows the data is blamed on the model file, not the CSV', () => {
  const model = join(dir, 'normalized.json');
  assert.equal(nabla(['train', '--train', csv, '--normalize', '--epochs', '1', '--quiet', '--save', model]).status, 0);
  const json = JSON.parse(readFileSync(model, 'utf8'));
  json.normalization.std = [1e-300, 1];
  const bad = join(dir, 'bad-normalization.json');
  writeFileSync(bad, JSON.stringify(json));
  assertBadInput(nabla(['train', '--init', bad, '--train', csv, '--epochs', '1']), /^nabla: the model file .*bad-normalization\.json: its "normalization" \(std down to 1e-300\) turns the features of .*train\.csv into 5e\+299, beyond float32's range/);
  // A subnormal std makes every input ∞ in any command: the model file is refused as it is read.
  json.normalization.std = [1e-320, 1];
  writeFileSync(bad, JSON.stringify(json));
  assertBadInput(nabla(['evaluate', '--model', bad, '--test', csv]), /bad-normalization\.json.*"normalization\.std\[0\]" must be positive and at least 2\.2250738585072014e-308/);
});

test('no library wording: a PNG of height 0, and --checkpoint naming a file', () => {
  const png = new PNG({ width: 8, height: 8 });
  const bytes = PNG.sync.write(png);
  bytes.writeUInt32BE(0, 20); // height 0 (the CRC is not checked before the size)
  const image = join(dir, 'zero.png');
  writeFileSync(image, bytes);
  const model = join(dir, 'digits.json');
  assert.equal(nabla(['init', '--sizes', '784,10', '--out', model]).status, 0);
  assertBadInput(nabla(['predict', '--model', model, image]), /zero\.png' declares 8 × 0 pixels; a PNG image has at least one pixel each way/);
  const checkpoint = nabla(['train', '--train', csv, '--checkpoint', csv]);
  assertBadInput(checkpoint, /--checkpoint .*train\.csv is a file; give a folder/);
  assert.doesNotMatch(checkpoint.stderr, /EEXIST/);
});

test('writeFileAtomic syncs the data to disk before the rename', async () => {
  const order: string[] = [];
  const probe = await fsp.open(join(dir, 'probe'), 'w');
  const handlePrototype = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
  await probe.close();
  const sync = handlePrototype.sync;
  mock.method(handlePrototype, 'sync', function (this: unknown) {
    order.push('sync');
    return sync.call(this);
  });
  const rename = fsp.rename;
  mock.method(fsp, 'rename', (from: string, to: string) => {
    order.push('rename');
    return rename(from, to);
  });
  try {
    await writeFileAtomic(join(dir, 'synced.json'), '{}');
  } finally {
    mock.restoreAll();
  }
  assert.equal(readFileSync(join(dir, 'synced.json'), 'utf8'), '{}');
  assert.deepEqual(order.slice(0, 2), ['sync', 'rename']);
});
