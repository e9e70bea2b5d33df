import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { tempDir } from '../cli/helpers.ts';

/*
 * The package as a user gets it: `npm pack` (of the dist/ that `npm test` has just built),
 * installed from the tarball into an empty folder, its `nabla` binary run, and the README's
 * examples run from it as written (the library example for one epoch instead of thirty).
 * npm works from its cache here (--prefer-offline): the dependencies are there after `npm ci`.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

function run(command: string, args: string[], cwd: string, timeout = 120_000): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (result.error) throw result.error;
  assert.equal(result.status, 0, `${command} ${args.join(' ')} in ${cwd} failed:\n${result.stderr}`);
  return result;
}

interface PackedFile {
  path: string;
  size: number;
}

test('npm pack ships what exists and is needed: no source maps, no missing entries, a LICENSE, small declarations', () => {
  const [packed] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT).stdout) as { files: PackedFile[] }[];
  const paths = packed.files.map((f) => f.path);
  for (const needed of ['LICENSE', 'README.md', 'package.json', 'bin/nabla.js', 'dist/index.js', 'dist/index.d.ts', 'dist/node/index.js', 'dist/cli/run.js', 'docs/formulas.md', 'docs/notation.md', 'examples/iris-train.csv', 'examples/iris-test.csv']) {
    assert.ok(paths.includes(needed), `${needed} is in the package`);
  }
  assert.deepEqual(paths.filter((p) => p.endsWith('.map')), [], 'no source maps pointing at sources the package does not ship');
  assert.deepEqual(paths.filter((p) => p.startsWith('src/') || p.startsWith('test/')), []);
  const declaration = packed.files.find((f) => f.path === 'dist/kernels/wasm/modules.generated.d.ts');
  assert.ok(declaration !== undefined && declaration.size < 2_000, `the modules' declaration types them as string, not as their 60 kB values: ${declaration?.size} bytes`);
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[]; license: string; repository: { url: string }; homepage: string; bugs: { url: string }; keywords: string[] };
  for (const entry of manifest.files) assert.ok(statSync(join(ROOT, entry), { throwIfNoEntry: false }) !== undefined, `'files' lists ${entry}, which exists`);
  assert.equal(manifest.license, 'MIT');
  assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /^MIT License\n/);
  assert.match(manifest.repository.url, /github\.com/);
  assert.ok(manifest.homepage && manifest.bugs.url && manifest.keywords.length > 0);
});

test('the packed tarball installs into an empty folder; npx nabla --help, the CSV example and the library example run from it', { timeout: 300_000 }, () => {
  const dir = tempDir();
  const tarball = join(dir, run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], ROOT).stdout.trim().split('\n').at(-1) ?? '');
  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'commonjs' }));
  run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel', 'error'], app);

  const help = run('npx', ['--no-install', 'nabla', '--help'], app);
  assert.match(help.stdout, /^Usage: nabla /);
  assert.match(help.stdout, /Commands:\n {2}train /, 'train is listed first');

  // The README's CSV example, as written, in the installed package's folder (where examples/ is).
  const bin = join(app, 'node_modules', '.bin', 'nabla');
  const installed = join(app, 'node_modules', 'nabla');
  const csvLines = README.split('\n').filter((line) => line.startsWith('npx nabla') && line.includes('iris'));
  assert.ok(csvLines.some((line) => line.includes('--train examples/iris-train.csv')), csvLines.join('\n'));
  for (const line of csvLines.filter((l) => !/export|import/.test(l))) {
    const args = line.replace(/#.*$/, '').trim().split(/\s+/).slice(2);
    const result = run(bin, args, installed);
    if (args[0] === 'train') assert.match(result.stdout, args.includes('--validation-split') ? /Best: epoch \d+ \(by validation\), training \d+ \/ 96 .*, validation / : /Best: epoch \d+, test \d+ \/ 30/);
    if (args[0] === 'predict') assert.equal(result.stdout.trimEnd().split('\n')[0], 'class,setosa,versicolor,virginica');
  }

  // The README's library example, saved as it says (example.mjs, an ES module; the folder's
  // package.json says CommonJS, so the .mjs name is what makes it a module), for one epoch.
  const example = /Save this as `example\.mjs`[^]*?```js\n([^]*?)```/.exec(README)?.[1];
  assert.ok(example !== undefined, 'the README has the library example');
  assert.match(example, /epochs: 30,/);
  writeFileSync(join(app, 'example.mjs'), example.replace('epochs: 30,', 'epochs: 1,'));
  const printed = run(process.execPath, ['example.mjs'], app).stdout.split('\n');
  const [epoch, correct, accuracy, validation, cost] = printed[0].split(' ').map(Number);

  // The command line's first epoch, from the same installed package: the same numbers, exactly.
  const cli = JSON.parse(run('npx', ['--no-install', 'nabla', 'train', '--epochs', '1', '--json'], app).stdout) as Record<string, number>;
  assert.deepEqual({ epoch, correct, accuracy, validation, cost }, { epoch: 1, correct: cli.testCorrect, accuracy: cli.testAccuracy, validation: cli.validationAccuracy, cost: cli.testCost });
  assert.ok(correct > 9_000, `a trained network: ${correct} / 10,000`);
  // The glass box line: a cost and two arrays.
  assert.match(printed[1], /^\d\S* Float64Array\(30\) \[/);
});

test('fit() from the packed tarball in an empty folder: the README example runs, and XOR and Iris from arrays give the command line\'s models byte for byte', { timeout: 300_000 }, () => {
  const dir = tempDir();
  const tarball = join(dir, run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], ROOT).stdout.trim().split('\n').at(-1) ?? '');
  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel', 'error'], app);

  // The README's fit example, as written.
  const example = /Save this as `fit\.mjs`[^]*?```js\n([^]*?)```/.exec(README)?.[1];
  assert.ok(example !== undefined, 'the README has the fit example');
  writeFileSync(join(app, 'fit.mjs'), example);
  const printed = run(process.execPath, ['fit.mjs'], app).stdout.split('\n');
  assert.equal(printed[0], '0.02 0.98 0.98 0.02', 'XOR learned, as the comment says');
  assert.ok(printed.includes('setosa 19'), printed.join('\n'));

  // XOR (labels, so the CLI can read it as CSV) and Iris from arrays, saved as the CLI saves.
  writeFileSync(join(app, 'xor.csv'), 'a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n');
  writeFileSync(
    join(app, 'arrays.mjs'),
    `import { readFileSync, writeFileSync } from 'node:fs';
import { fit } from 'nabla';
const xor = await fit({ inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], labels: [0, 1, 1, 0] }, { sizes: [2, 3, 2], batch: 4, epochs: 500, seed: 2 });
writeFileSync('xor-fit.json', JSON.stringify(xor) + '\\n');
const rows = readFileSync('node_modules/nabla/examples/iris-train.csv', 'utf8').trim().split('\\n').slice(1).map((l) => l.split(','));
const iris = await fit({ inputs: rows.map((r) => r.slice(0, 4).map(Number)), labels: rows.map((r) => r[4]) }, { normalize: true, epochs: 5, validationSplit: 0.2 });
writeFileSync('iris-fit.json', JSON.stringify(iris) + '\\n');
`,
  );
  run(process.execPath, ['arrays.mjs'], app);
  run('npx', ['--no-install', 'nabla', 'train', '--train', 'xor.csv', '--sizes', '2,3,2', '--batch', '4', '--epochs', '500', '--seed', '2', '--quiet', '--save', 'xor-cli.json'], app);
  run('npx', ['--no-install', 'nabla', 'train', '--train', 'node_modules/nabla/examples/iris-train.csv', '--normalize', '--epochs', '5', '--validation-split', '0.2', '--quiet', '--save', 'iris-cli.json'], app);
  assert.equal(readFileSync(join(app, 'xor-fit.json'), 'utf8'), readFileSync(join(app, 'xor-cli.json'), 'utf8'));
  assert.equal(readFileSync(join(app, 'iris-fit.json'), 'utf8'), readFileSync(join(app, 'iris-cli.json'), 'utf8'));
});

test('from the clone: npm install /path/to/nabla gives the library, npm install -g . the nabla command, each in an empty folder', { timeout: 300_000 }, () => {
  const dir = tempDir();
  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  run('npm', ['install', ROOT, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel', 'error'], app);
  const used = run(process.execPath, ['--input-type=module', '-e', "import { fit } from 'nabla'; const m = await fit({ inputs: [[0], [1]], labels: ['a', 'b'] }, { epochs: 2 }); console.log(m.classes.join(','))"], app);
  assert.equal(used.stdout.trim(), 'a,b');
  const prefix = join(dir, 'global');
  run('npm', ['install', '-g', '.', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel', 'error'], ROOT);
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  const help = run(join(prefix, 'bin', 'nabla'), ['--help'], empty);
  assert.match(help.stdout, /^Usage: nabla /);
});
