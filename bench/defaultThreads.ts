/**
 * `npm run bench:threads` (part of `npm run bench`): is the default thread choice of
 * `nabla train` ever slower than `--threads 1`, from the first epoch on?
 *
 * A new user runs `nabla train --epochs 4` and compares it with `--threads 1`; so does this,
 * in fresh processes (V8 compiles and tiers up the WebAssembly anew in each, which is part of
 * what the first epochs pay), taking turns, ROUNDS times each, and prints the median time of
 * each epoch for both and their ratio. Needs the built CLI (npm run build).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const ROUNDS = 5;
const EPOCHS = 4;
const cli = fileURLToPath(new URL('../bin/nabla.js', import.meta.url));
const args = (process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['--sizes', '784,30,10']);
const variants = [
  { label: 'default', flags: [] as string[] },
  { label: '--threads 1', flags: ['--threads', '1'] },
];

function epochSeconds(flags: string[]): number[] {
  const run = spawnSync(process.execPath, [cli, 'train', '--epochs', String(EPOCHS), '--json', ...args, ...flags], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`nabla train ${flags.join(' ')} failed: ${run.stderr}`);
  return run.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { trainSeconds: number }).trainSeconds);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1];

const times = variants.map(() => Array.from({ length: EPOCHS }, () => [] as number[]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [v, variant] of variants.entries()) {
    epochSeconds(variant.flags).forEach((s, e) => times[v][e].push(s));
  }
  process.stderr.write(`round ${round + 1}/${ROUNDS}\n`);
}

const cores = os.cpus();
console.log(`nabla train --epochs ${EPOCHS} ${args.join(' ')}: median epoch time over ${ROUNDS} fresh processes each, in turns (${cores[0]?.model ?? '?'}, ${cores.length} cores, Node ${process.version})`);
console.log('\n| epoch | default s | --threads 1 s | default / --threads 1 |\n| ---: | ---: | ---: | ---: |');
const rows = [];
for (let e = 0; e < EPOCHS; e++) {
  const d = median(times[0][e]);
  const one = median(times[1][e]);
  rows.push({ epoch: e + 1, defaultSeconds: d, oneThreadSeconds: one, ratio: d / one });
  console.log(`| ${e + 1} | ${d.toFixed(3)} | ${one.toFixed(3)} | ${(d / one).toFixed(2)} |`);
}
writeFileSync(new URL('./threads-results.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu: cores[0]?.model, cores: cores.length, args, rounds: ROUNDS, rows }, null, 2)}\n`);
