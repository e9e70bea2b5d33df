import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { MODEL_VERSION, modelToJson, createNetwork, createRng } from '../../src/index.ts';

/* Issue 20, point 12: the README describes the model file nabla writes, and stays a guide. */

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

test("the README's model file section describes the version nabla writes, with its fields", () => {
  const section = /### The model file\n([^]*?)\n### /.exec(README)?.[1] ?? '';
  assert.match(section, new RegExp(`JSON, version ${MODEL_VERSION}\\b`));
  const written = modelToJson({ network: createNetwork({ sizes: [2, 3, 1], rng: createRng(1) }) });
  for (const field of Object.keys(written)) assert.ok(section.includes(`"${field}"`) || section.includes(`\`${field}\``), `the section names "${field}"`);
  assert.match(section, /version 3/, 'says what convolutional layers will bring');
});

test('the seed-by-seed chapter 3 tables live in docs/chapter3.md, linked from the README', () => {
  const tableRows = (text: string): number => text.split('\n').filter((line) => /^\| \d+ \| 9\d\.\d\d% \(\d+\)/.test(line)).length;
  assert.equal(tableRows(README), 0, 'no seed-by-seed rows in the README');
  assert.ok(tableRows(readFileSync(new URL('../../docs/chapter3.md', import.meta.url), 'utf8')) >= 15);
  assert.match(README, /\[docs\/chapter3\.md\]\(docs\/chapter3\.md\)/);
});
