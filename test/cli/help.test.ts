import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nabla } from './helpers.ts';
import { createProgram } from '../../src/cli/main.ts';

/** Every command and the flags the issue fixes for it. */
const commands: Record<string, string[]> = {
  init: ['--sizes', '--seed', '--weights', '--out'],
  explain: ['--model', '--input', '--target', '--json'],
  predict: ['--model', '--input', '--label-column', '--json', '[images...]'],
  gradcheck: ['--sizes', '--seed'],
};

test('nabla --help lists every command and has examples', () => {
  const run = nabla(['--help']);
  assert.equal(run.status, 0);
  for (const command of Object.keys(commands)) assert.match(run.stdout, new RegExp(`^  ${command}\\b`, 'm'));
  assert.match(run.stdout, /Examples:\n {2}nabla /);
});

for (const [command, flags] of Object.entries(commands)) {
  test(`nabla ${command} --help explains every flag and gives an example`, () => {
    const run = nabla([command, '--help']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
    for (const flag of flags) assert.ok(run.stdout.includes(flag), `${command} --help does not mention ${flag}`);
    // Each flag has a description next to it (not just the name).
    for (const flag of flags.filter((f) => f.startsWith('--'))) assert.match(run.stdout, new RegExp(`${flag}( <\\w+>)? +\\S`));
    assert.match(run.stdout, new RegExp(`Examples:\\n(  nabla ${command}\\b.*\\n)+`));
  });
  test(`nabla help ${command} is the same as nabla ${command} --help`, () => {
    assert.equal(nabla(['help', command]).stdout, nabla([command, '--help']).stdout);
  });
}

test('nabla --help lists train first, and its examples start with it', () => {
  const { stdout } = nabla(['--help']);
  assert.match(stdout, /Commands:\n {2}train /);
  assert.match(stdout, /Examples:\n {2}nabla train /);
});

test('train --help promises no accuracy for --weights normal that seed 1 does not reach', () => {
  const { stdout } = nabla(['train', '--help']);
  const weights = /--weights <kind>([^]*?)\n {2}--/.exec(stdout)?.[1].replace(/\s+/g, ' ') ?? '';
  assert.doesNotMatch(weights, /'normal'[^;]*~95%/);
  assert.match(weights, /seed 1 .*86\.35%/);
});

test('no option states its default twice (its text and commander\'s "(default: …)")', () => {
  const program = createProgram();
  const twice: string[] = [];
  for (const command of program.commands) {
    for (const option of command.options) {
      // Commander appends "(default: …)" to an option given a default value: its text must not say it too.
      if (option.defaultValue !== undefined && /\(default\b/.test(option.description)) {
        twice.push(`nabla ${command.name()} ${option.long}: ${option.description}`);
      }
    }
  }
  assert.deepEqual(twice, []);
});
