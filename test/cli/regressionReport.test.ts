import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createRng } from '../../src/math/rng.ts';
import { nabla, tempDir } from './helpers.ts';

/**
 * `nabla train --task regression --report`: the page a regression gets through the real
 * binary, its figures checked against the epoch JSON and the CSV file itself.
 */
const dir = tempDir();

/** <b> = 2·x1 − x2 + noise and z = x1·x2, in a file with a blank line among its rows. */
function targetsCsv(path: string, count: number, seed: number): string[] {
  const rng = createRng(seed);
  const lines = ['x1,x2,<b>,z'];
  for (let n = 0; n < count; n++) {
    const x1 = rng.uniform() * 2 - 1;
    const x2 = rng.uniform() * 2 - 1;
    lines.push(`${x1},${x2},${2 * x1 - x2 + 0.05 * rng.normal()},${x1 * x2}`);
    if (n === 9) lines.push('');
  }
  writeFileSync(path, lines.join('\n') + '\n');
  return lines;
}
const trainCsv = join(dir, 'train.csv');
const testCsv = join(dir, 'test.csv');
targetsCsv(trainCsv, 300, 1);
const testLines = targetsCsv(testCsv, 100, 2);

interface EpochJson {
  epoch: number;
  testRmse: number;
}

/** The text of the facts table's row `name`. */
function fact(html: string, name: string): string {
  const match = new RegExp(`<th>${name}</th><td>([^<]*)</td>`).exec(html);
  assert.ok(match, `the report states its ${name}`);
  return match[1];
}

/** x shown with six significant digits, as the report shows it. */
const six = (x: number): number => Number(x.toPrecision(6));

test('train --task regression --report writes a page with a scatter plot per target, RMSE figures from the run, the worst rows by file line, and escaped column names', () => {
  const report = join(dir, 'run.html');
  const run = nabla(['train', '--task', 'regression', '--train', trainCsv, '--test', testCsv, '--label-column', '<b>,z', '--sizes', '2,8,2', '--activation', 'tanh',
    '--eta', '0.05', '--epochs', '12', '--json', '--report', report]);
  // Until this landed, --report with --task regression was refused (exit 2).
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /Report written to /);
  const epochs = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as EpochJson);
  assert.equal(epochs.length, 12);
  const html = readFileSync(report, 'utf8');
  // Written to a temporary name and renamed: nothing else is left in the folder.
  assert.deepEqual(readdirSync(dir).sort(), ['run.html', 'test.csv', 'train.csv']);

  // The curves (RMSE and cost: training and test lines) and one scatter plot per target with its line predicted = actual.
  assert.equal((html.match(/<svg class="chart"/g) ?? []).length, 2);
  assert.equal((html.match(/class="legend">training</g) ?? []).length, 2);
  assert.equal((html.match(/<svg class="chart scatter"/g) ?? []).length, 2);
  assert.equal((html.match(/class="identity"/g) ?? []).length, 2);
  assert.equal((html.match(/class="dot"/g) ?? []).length, 2 * 100);

  // The final network is the last epoch's: the report's RMSE is the epoch JSON's.
  const last = epochs[epochs.length - 1];
  assert.equal(Number(fact(html, 'final test RMSE')), six(last.testRmse));
  const best = epochs.reduce((a, b) => (b.testRmse < a.testRmse ? b : a));
  assert.equal(fact(html, 'best epoch'), `${best.epoch}: ${six(best.testRmse)} test RMSE`);
  assert.equal(fact(html, 'test examples'), '100');
  assert.match(fact(html, 'network'), /^tanh, linear, quadratic cost/);

  // The column named <b> is text, never markup.
  assert.ok(!html.includes('<b>'), 'no raw <b>');
  assert.match(html, /<th scope="row">&lt;b&gt;<\/th>/);
  assert.match(html, /aria-label="&lt;b&gt;"/);

  // The largest errors name lines of test.csv (a blank line shifts those after it) whose values are the actual ones shown.
  const worst = [...html.matchAll(/<tr><th scope="row">line (\d+)<\/th><td>[^<]*<\/td><td class="actual">([^<]*)<\/td><td>[^<]*<\/td><td class="actual">([^<]*)<\/td>/g)];
  assert.equal(worst.length, 10);
  for (const [, line, b, z] of worst) {
    const cells = testLines[Number(line) - 1].split(',').map(Number);
    assert.equal(Number(b), six(cells[2]), `line ${line}'s <b>`);
    assert.equal(Number(z), six(cells[3]), `line ${line}'s z`);
  }
});

test('a regression report without a test file measures the training set, one target, one scatter plot', () => {
  const report = join(dir, 'one.html');
  const run = nabla(['train', '--task', 'regression', '--train', trainCsv, '--label-column', '2', '--sizes', '3,6,1', '--eta', '0.05', '--epochs', '3', '--json', '--report', report, '--kernel', 'reference', '--dtype', 'float64']);
  assert.equal(run.status, 0, run.stderr);
  const epochs = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as EpochJson);
  const html = readFileSync(report, 'utf8');
  assert.equal((html.match(/<svg class="chart scatter"/g) ?? []).length, 1);
  // One line a chart, labelled training: the measured set is the training set, not drawn twice.
  assert.equal((html.match(/<polyline /g) ?? []).length, 2);
  assert.deepEqual(html.match(/class="legend">[^<]*</g), ['class="legend">training<', 'class="legend">training<']);
  assert.equal(Number(fact(html, 'final training RMSE')), six(epochs[epochs.length - 1].testRmse));
  assert.match(html, /The 10 training examples the final network misses by the most \(by \|a − y\|\)/);
});

test('train --help says what the report shows for a regression', () => {
  const help = nabla(['train', '--help']).stdout.replace(/\s+/g, ' ');
  assert.match(help, /--report <file\.html> .*with --task regression, RMSE curves, predicted against actual per target, residuals, largest errors/);
  assert.match(help, /nabla train --task regression .*--report \S+\.html/);
});
