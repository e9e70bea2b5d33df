import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * The playground's sources stay small enough to read (STYLE: modules under about 400 lines,
 * no function over 120), and the worker trains with the library's own shuffle, not a copy.
 */
const ROOT = fileURLToPath(new URL('../../playground/src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every function, method, arrow and constructor in a file, with its length in lines. */
function functionLengths(path: string): { name: string; lines: number }[] {
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: { name: string; lines: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const first = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
      const last = file.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = node.name !== undefined && ts.isIdentifier(node.name) ? node.name.text : `(anonymous at line ${first + 1})`;
      found.push({ name: `${relative(ROOT, path)}: ${name}`, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

test('no function in playground/src is over 120 lines, no module over 400', () => {
  const files = sources(ROOT);
  assert.ok(files.length > 10, `found ${files.length} sources under ${ROOT}`);
  const long = files.flatMap(functionLengths).filter((f) => f.lines > 120);
  assert.deepEqual(long, []);
  const big = files.map((path) => ({ path: relative(ROOT, path), lines: readFileSync(path, 'utf8').split('\n').length })).filter((f) => f.lines > 400);
  assert.deepEqual(big, []);
});

test('the worker shuffles with the library’s shuffleInPlace, and defines no shuffle of its own', () => {
  const worker = readFileSync(join(ROOT, 'worker.ts'), 'utf8');
  assert.match(worker, /import \{[^}]*\bshuffleInPlace\b[^}]*\} from 'nabla'/);
  assert.doesNotMatch(worker, /function\s+shuffle|rng\.int\(i \+ 1\)/, 'a Fisher–Yates loop of its own');
  const page = sources(ROOT).filter((path) => !path.endsWith('data2d.ts')).map((path) => readFileSync(path, 'utf8'));
  assert.ok(page.every((text) => !/for \(let i = order\.length - 1; i > 0; i--\)/.test(text)), 'no copy of the shuffle anywhere in the page');
});
