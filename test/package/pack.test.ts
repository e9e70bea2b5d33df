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
    if (args[0] === 'train') assert.match(result.stdout, /Best: epoch \d+, test \d+ \/ 30/);
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
