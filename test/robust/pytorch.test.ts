import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../src/index.ts';
import { nabla, tempDir } from '../cli/helpers.ts';

/*
 * Issue 20, point 12: the README's PyTorch lines load every model nabla exports: softmax and
 * leaky ReLU, a regression without classes, a model without a standardisation. They run as
 * written (the file name and the input row replaced) under /usr/bin/python3 with torch; the
 * `safetensors` package is stood in for by a reader of its documented layout when it is not
 * installed. Skipped, saying why, where there is no torch.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
const hasSafetensors = hasTorch && spawnSync(PYTHON, ['-c', 'import safetensors.torch'], { encoding: 'utf8' }).status === 0;

/** safetensors' format: an 8-byte little-endian header length, the JSON header, the tensors' bytes. */
const SHIM_INIT = `import json, struct
def _read(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        return header, f.read()
class safe_open:
    def __init__(self, path, framework):
        self.header, _ = _read(path)
    def __enter__(self):
        return self
    def __exit__(self, *args):
        return False
    def metadata(self):
        return self.header.get("__metadata__", {})
`;
const SHIM_TORCH = `import torch
from . import _read
def load_file(path):
    header, data = _read(path)
    types = {"F64": torch.float64, "F32": torch.float32}
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        start, end = t["data_offsets"]
        out[name] = torch.frombuffer(bytearray(data[start:end]), dtype=types[t["dtype"]]).reshape(t["shape"])
    return out
`;

test("the README's PyTorch lines load softmax, leaky ReLU, regression and unstandardised models and compute nabla's outputs", { skip: hasTorch ? false : `no torch for ${PYTHON}` }, () => {
  const dir = tempDir();
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const snippet = [...readme.matchAll(/```python\n([^]*?)```/g)].map((m) => m[1]).find((text) => text.includes('iris.safetensors'));
  assert.ok(snippet !== undefined && snippet.includes('iris.safetensors'), 'the README has the PyTorch lines');
  if (!hasSafetensors) {
    mkdirSync(join(dir, 'shim', 'safetensors'), { recursive: true });
    writeFileSync(join(dir, 'shim', 'safetensors', '__init__.py'), SHIM_INIT);
    writeFileSync(join(dir, 'shim', 'safetensors', 'torch.py'), SHIM_TORCH);
  }
  const rows = readFileSync(join(ROOT, 'examples/iris-train.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
  const iris = join(dir, 'iris.csv');
  writeFileSync(iris, 'a,b,c,d,species\n' + rows.map((r) => r.join(',')).join('\n') + '\n');
  const models: [string, string[], number[]][] = [
    ['softmax, leaky ReLU, standardised', ['train', '--train', iris, '--normalize', '--activation', 'leaky-relu', '--output', 'softmax', '--epochs', '3', '--eta', '0.1'], [5.1, 3.5, 1.4, 0.2]],
    ['a regression, tanh, no classes', ['train', '--train', iris.replace('iris.csv', 'xy.csv'), '--task', 'regression', '--label-column', 'y', '--activation', 'tanh', '--epochs', '2', '--eta', '0.05'], [0.3, -1.2]],
    ['nabla init: no standardisation, no classes', ['init', '--sizes', '3,4,2', '--seed', '5'], [0.5, -0.25, 2]],
  ];
  writeFileSync(iris.replace('iris.csv', 'xy.csv'), 'a,b,y\n' + Array.from({ length: 20 }, (_, i) => `${i / 10},${(i % 3) - 1},${i / 5}`).join('\n') + '\n');
  models.forEach(([what, args, x], i) => {
    const model = join(dir, `m${i}.json`);
    const made = nabla([...args, args[0] === 'init' ? '--out' : '--save', model]);
    assert.equal(made.status, 0, made.stderr);
    const exported = join(dir, `m${i}.safetensors`);
    assert.equal(nabla(['export', '--model', model, '--format', 'safetensors', '--out', exported]).status, 0);
    const script = snippet
      .replaceAll('"iris.safetensors"', JSON.stringify(exported))
      .replace('x = torch.tensor([[5.1, 3.5, 1.4, 0.2]], dtype=torch.float64)', `x = torch.tensor([${JSON.stringify(x)}], dtype=torch.float64)`)
      .concat('\nprint(json.dumps(a[0].tolist()))\n');
    const run = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: join(dir, 'shim') }, timeout: 120_000 });
    assert.equal(run.status, 0, `${what}: ${run.stderr}`);
    const printed = run.stdout.trim().split('\n');
    const outputs = JSON.parse(printed.at(-1) as string) as number[];
    const trained = loadModel(readFileSync(model, 'utf8'));
    const expected = trained.predict(x);
    outputs.forEach((a, j) => assert.ok(Math.abs(a - expected[j]) < 1e-12, `${what}: output ${j} is ${a} in PyTorch, ${expected[j]} in nabla`));
    if (trained.classes && trained.task === 'classification') assert.equal(printed.at(-2), trained.classify(x), `${what}: the class`);
  });
});

test("the README's PyTorch lines for a conv net load its safetensors export and compute nabla's outputs", { skip: hasTorch ? false : `no torch for ${PYTHON}` }, () => {
  const dir = tempDir();
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const snippet = [...readme.matchAll(/```python\n([^]*?)```/g)].map((m) => m[1]).find((text) => text.includes('conv.safetensors'));
  assert.ok(snippet !== undefined, 'the README has the PyTorch lines for a conv net');
  if (!hasSafetensors) {
    mkdirSync(join(dir, 'shim', 'safetensors'), { recursive: true });
    writeFileSync(join(dir, 'shim', 'safetensors', '__init__.py'), SHIM_INIT);
    writeFileSync(join(dir, 'shim', 'safetensors', 'torch.py'), SHIM_TORCH);
  }
  const model = join(dir, 'conv.json');
  const made = nabla(['init', '--layers', 'conv:20:5x5,pool:2x2,dense:100,dense:10', '--output', 'softmax', '--seed', '3', '--out', model]);
  assert.equal(made.status, 0, made.stderr);
  const exported = join(dir, 'conv.safetensors');
  assert.equal(nabla(['export', '--model', model, '--format', 'safetensors', '--out', exported]).status, 0);
  const x = Array.from({ length: 784 }, (_, k) => ((k * 104729) % 256) / 255);
  const script = snippet
    .replaceAll('"conv.safetensors"', JSON.stringify(exported))
    .replace('x = torch.rand(1, 784, dtype=torch.float64)', `x = torch.tensor([${JSON.stringify(x)}], dtype=torch.float64)`)
    .concat('\nimport json\nprint(json.dumps(net(x)[0].tolist()))\n');
  const run = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: join(dir, 'shim') }, timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  const outputs = JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as number[];
  const expected = loadModel(readFileSync(model, 'utf8')).predict(x);
  assert.equal(outputs.length, 10);
  outputs.forEach((a, j) => assert.ok(Math.abs(a - expected[j]) < 1e-12, `output ${j} is ${a} in PyTorch, ${expected[j]} in nabla`));
});
