// npm run pin-bits: rewrites test/kernels/pinnedBits.json from the current code (see
// test/kernels/pinnedBits.ts). Only for a change that is meant to move the bits.
import { writeFileSync, renameSync } from 'node:fs';
import { RUNS, pinnedHash } from '../test/kernels/pinnedBits.ts';

const hashes: Record<string, string> = {};
for (const run of RUNS) {
  hashes[run.name] = await pinnedHash(run);
  process.stdout.write(`${run.name}  ${hashes[run.name]}\n`);
}
const file = new URL('../test/kernels/pinnedBits.json', import.meta.url);
const temporary = new URL('../test/kernels/pinnedBits.json.tmp', import.meta.url);
writeFileSync(temporary, `${JSON.stringify({ node: process.version, hashes }, null, 2)}\n`);
renameSync(temporary, file);
