/**
 * `npm run bench:accuracy`: what the README says about accuracy, measured. Runs the default
 * `nabla train` (the reference experiment: [784, 30, 10], sigmoid, quadratic cost, η = 3,
 * m = 10, 30 epochs) for seeds 1–6 with both initial weight distributions, and prints the
 * best and last test accuracy of each run. Results go to bench/accuracy-results.json.
 *
 * Usage: node --import tsx bench/accuracy.ts [--seeds 1-6] [--epochs 30]
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../bin/nabla.js', import.meta.url));
const argument = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const [firstSeed, lastSeed] = argument('--seeds', '1-6').split('-').map(Number);
const epochs = Number(argument('--epochs', '30'));

interface Run {
  readonly weights: string;
  readonly seed: number;
  readonly best: number;
  readonly bestEpoch: number;
  readonly last: number;
  readonly kernel: string;
}

const runs: Run[] = [];
for (const weights of ['scaled-normal', 'normal']) {
  for (let seed = firstSeed; seed <= lastSeed; seed++) {
    const child = spawnSync(process.execPath, [cli, 'train', '--json', '--epochs', String(epochs), '--seed', String(seed), '--weights', weights], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (child.status !== 0) throw new Error(`nabla train --seed ${seed} --weights ${weights} failed: ${child.stderr}`);
    const lines = child.stdout.trim().split('\n').map((line) => JSON.parse(line) as { epoch: number; testAccuracy: number });
    const best = lines.reduce((a, b) => (b.testAccuracy > a.testAccuracy ? b : a));
    const kernel = /(\S+) kernel/.exec(child.stderr)?.[1] ?? '?';
    const run = { weights, seed, best: best.testAccuracy, bestEpoch: best.epoch, last: lines[lines.length - 1].testAccuracy, kernel };
    runs.push(run);
    console.log(`weights ${weights.padEnd(13)} seed ${seed}  best ${(run.best * 100).toFixed(2)}% (epoch ${run.bestEpoch})  last ${(run.last * 100).toFixed(2)}%  ${kernel}`);
  }
}

const percent = (x: number): string => `${(x * 100).toFixed(2)}%`;
console.log('');
for (const weights of ['scaled-normal', 'normal']) {
  const best = runs.filter((r) => r.weights === weights).map((r) => r.best);
  const mean = best.reduce((a, b) => a + b, 0) / best.length;
  console.log(`${weights.padEnd(13)}  best test accuracy over seeds ${firstSeed}-${lastSeed}: ${percent(Math.min(...best))} to ${percent(Math.max(...best))}, mean ${percent(mean)}`);
}
writeFileSync(
  new URL('./accuracy-results.json', import.meta.url),
  JSON.stringify({ machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version, date: new Date().toISOString() }, epochs, runs }, null, 2) + '\n',
);
