import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLineBuffer } from '../../src/cli/terminal/lineBuffer.ts';

/** A buffer over a recording stream on a fake clock. */
function setup(everyMs: number) {
  const writes: string[] = [];
  let clock = 1000;
  const lines = createLineBuffer({ write: (text: string) => writes.push(text) }, everyMs, () => clock);
  return { writes, lines, advance: (ms: number) => (clock += ms) };
}

test('a line buffer writes the first line at once and holds lines that come faster than every everyMs', () => {
  const { writes, lines, advance } = setup(50);
  lines.push('a');
  assert.deepEqual(writes, ['a\n']);
  advance(10);
  lines.push('b');
  advance(10);
  lines.push('c');
  assert.deepEqual(writes, ['a\n'], 'b and c came within 50 ms of the last write');
  lines.flushDue();
  assert.deepEqual(writes, ['a\n']);
  advance(30);
  lines.flushDue();
  assert.deepEqual(writes, ['a\n', 'b\nc\n'], 'held lines go out together once 50 ms have passed');
  advance(60);
  lines.push('d');
  assert.deepEqual(writes, ['a\n', 'b\nc\n', 'd\n'], 'a line after a pause goes out at once');
});

test('flush writes held lines now, and nothing when none are held', () => {
  const { writes, lines } = setup(50);
  lines.push('a');
  lines.push('b');
  lines.flush();
  lines.flush();
  assert.deepEqual(writes, ['a\n', 'b\n']);
});

test('with everyMs 0 every line is written as it comes (a terminal)', () => {
  const { writes, lines } = setup(0);
  for (const line of ['a', 'b', 'c']) lines.push(line);
  assert.deepEqual(writes, ['a\n', 'b\n', 'c\n']);
});

test('a line buffer never holds more than 64 KiB', () => {
  const { writes, lines } = setup(50);
  lines.push('first');
  const line = 'x'.repeat(999);
  for (let i = 0; i < 70; i++) lines.push(line);
  assert.equal(writes.length, 2, 'the 66th line of 1,000 characters fills it');
  assert.equal(writes[1], `${line}\n`.repeat(66));
});
