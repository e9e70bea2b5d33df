import { InputError, quote } from '../common/errors.ts';
import { cellProblem, parseCsvRecords, parseNumberCell, type CsvDataset } from './csv.ts';

/**
 * A regression dataset from CSV text: every cell a number; the target columns (one or more,
 * by header name or 0-based index, default the last column) are the desired outputs y, the
 * others the inputs x. A first row whose cells are all non-numbers is a header. The result has
 * no labels (there are no classes); `classes` holds the targets' names, for the model file and
 * for predict's header.
 */
export interface CsvRegressionOptions {
  /** 'price' or 'a,b' or '3' or '-1': the target columns (default: the last column). */
  readonly targetColumns?: string;
  readonly name?: string;
  /** The targets' names the model was trained on: the file must have these columns. */
  readonly targets?: readonly string[];
}

export function parseCsvRegression(text: string, options: CsvRegressionOptions = {}): CsvDataset {
  const { name } = options;
  const fail = (message: string): never => {
    throw new InputError(message, { file: name });
  };
  const records = parseCsvRecords(text, name);
  if (records.length === 0) fail('the file is empty; expected rows of comma-separated numbers, the target column(s) among them');
  const width = records[0].cells.length;
  if (width < 2) fail('the file has only one column; a regression needs at least one input column and a target column, separated by commas');
  const firstCells = records[0].cells.map((c) => c.trim());
  const header = firstCells.every((c) => parseNumberCell(c) === undefined);
  const names = header ? firstCells : firstCells.map((_, j) => `column ${j + 1}`);
  const rows = header ? records.slice(1) : records;
  if (rows.length === 0) fail('the file has a header row but no data rows; add rows of examples');

  const wanted = options.targetColumns?.split(',').map((s) => s.trim()) ?? (options.targets ? [...options.targets] : [String(width - 1)]);
  const targetIndex = wanted.map((column) => {
    const byName = header ? names.indexOf(column) : -1;
    if (byName >= 0) return byName;
    if (/^-?\d+$/.test(column)) {
      const i = Number(column);
      if (i >= width || i < -width) fail(`target column index ${i} does not exist: the file has ${width} columns (indices 0 to ${width - 1}, or -1 for the last)`);
      return i < 0 ? width + i : i;
    }
    return fail(header ? `no column named ${quote(column)}; the columns are ${names.map((c) => quote(c)).join(', ')}` : `no column named ${quote(column)}: the file has no header row; name the target column by its 0-based index`);
  });
  if (new Set(targetIndex).size !== targetIndex.length) fail(`--label-column names a column twice: ${wanted.join(',')}`);
  if (targetIndex.length >= width) fail('every column is a target; leave at least one input column');
  const featureColumns = names.map((_, j) => j).filter((j) => !targetIndex.includes(j));
  const inputSize = featureColumns.length;
  const outputSize = targetIndex.length;
  const count = rows.length;
  const inputs = new Float64Array(count * inputSize);
  const targets = new Float64Array(count * outputSize);
  for (let r = 0; r < count; r++) {
    const { line, cells } = rows[r];
    if (cells.length !== width) fail(`row ${line} has ${cells.length} columns, the first row has ${width}; make every row the same width`);
    const read = (j: number): number => {
      const problem = cellProblem(cells[j]);
      if (problem !== undefined) fail(`row ${line}, column ${quote(names[j])}: ${problem}; a regression's columns must all hold numbers`);
      return parseNumberCell(cells[j]) as number;
    };
    featureColumns.forEach((j, k) => (inputs[r * inputSize + k] = read(j)));
    targetIndex.forEach((j, k) => (targets[r * outputSize + k] = read(j)));
  }
  return {
    dataset: { count, inputSize, outputSize, inputs, inputScale: 1, targets },
    classes: targetIndex.map((j) => names[j]),
    featureNames: featureColumns.map((j) => names[j]),
    lines: rows.map((row) => row.line),
  };
}
