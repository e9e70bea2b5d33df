import { formatLimit, MAX_CLASSES } from '../common/limits.ts';
import { safeText } from '../common/safeText.ts';
import type { Dataset } from './dataset.ts';
import { oneHot } from './dataset.ts';
import { InputError, quote } from '../common/errors.ts';

/**
 * CSV (RFC 4180): comma-separated fields, double-quoted when they hold a comma, a quote
 * ("" inside quotes) or a line break. Lines may end in LF, CRLF or CR; a trailing
 * newline, blank lines and a UTF-8 byte-order mark are ignored.
 *
 * Rows in error messages are numbered as lines of the file, from 1, so the number is
 * the one an editor shows (a quoted field spanning lines counts from its first line).
 */
interface CsvRecord {
  /** The file line the record starts on, from 1. */
  readonly line: number;
  readonly cells: string[];
}

/** Splits CSV text into records, skipping blank lines. */
export function parseCsvRecords(text: string, name?: string): { line: number; cells: string[] }[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    let cell = '';
    let quoted = false; // the current cell began with a quote
    for (;;) {
      if (i >= n) {
        cells.push(cell);
        break;
      }
      const c = text[i];
      if (c === '"' && cell === '' && !quoted) {
        // A quoted field: read to the closing quote, "" standing for one quote.
        quoted = true;
        i++;
        for (;;) {
          if (i >= n) {
            throw new InputError(`row ${startLine}: a quoted field is never closed (a '"' without its closing '"'); close the quote or remove it`, { file: name });
          }
          const q = text[i];
          if (q === '"') {
            if (text[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (q === '\n' || (q === '\r' && text[i + 1] !== '\n')) line++;
          cell += q;
          i++;
        }
        continue;
      }
      if (c === ',') {
        cells.push(cell);
        cell = '';
        quoted = false;
        i++;
        continue;
      }
      if (c === '\n' || c === '\r') {
        cells.push(cell);
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        break;
      }
      cell += c;
      i++;
    }
    const blank = cells.length === 1 && cells[0].trim() === '' && !quoted;
    if (!blank) records.push({ line: startLine, cells });
  }
  return records;
}

// Unambiguous (digits after a point only after the point), so a failed match is linear, not
// quadratic: '1' × 30,000 then 'x' took 1.5 s with `\d+\.?\d*`.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/**
 * The number a CSV cell holds, or undefined when it is not a plain decimal number. A
 * number too large for float64 (1e400, a million digits) is Infinity here: `cellProblem`
 * refuses it, as the model reader refuses non-finite numbers.
 */
export function parseNumberCell(cell: string): number | undefined {
  const trimmed = cell.trim();
  return NUMBER.test(trimmed) ? Number(trimmed) : undefined;
}

/** What is wrong with a cell that must hold a finite number, or undefined when it holds one. */
export function cellProblem(cell: string): string | undefined {
  const value = parseNumberCell(cell);
  if (value === undefined) return cell.trim() === '' ? 'is empty' : `${quote(cell)} is not a number`;
  if (!Number.isFinite(value)) return `${quote(cell.trim())} is too large for a float64 number (its limit is ±1.8e308); rescale the column`;
  return undefined;
}

/** A header row is one whose cells (except the label's) are all non-numbers: a row with some numbers is data with a bad cell. */
function isHeaderRow(cells: readonly string[], except = -1): boolean {
  let words = 0;
  for (let j = 0; j < cells.length; j++) {
    if (j === except) continue;
    if (parseNumberCell(cells[j]) !== undefined) return false;
    words++;
  }
  return words > 0;
}

export interface CsvDatasetOptions {
  /**
   * The label column: a header name, or a 0-based index (negative counts from the end).
   * A string of digits that is not a header name is taken as an index. Default: the last column.
   */
  labelColumn?: string | number;
  /** The file name, for error messages. */
  name?: string;
  /**
   * The classes, in order, when they are already known (from the training file): the
   * labels must be among them, and class i is output neuron i.
   */
  classes?: readonly string[];
}

export interface CsvDataset {
  readonly dataset: Dataset;
  /** Class names in output order: label i means classes[i]. */
  readonly classes: string[];
  /** The feature columns' names (from the header, else 'column 1', 'column 2', … by position in the file). */
  readonly featureNames: string[];
  /** The file line each example starts on, from 1 (a regression's, for the report's largest errors). */
  readonly lines?: number[];
}

function columnLabel(names: readonly string[] | undefined, index: number): string {
  return names === undefined ? `column ${index + 1}` : `column ${quote(names[index])}`;
}

function resolveLabelColumn(option: string | number | undefined, records: CsvRecord[], width: number, name: string | undefined): { index: number; header: boolean } {
  const fail = (message: string): never => {
    throw new InputError(message, { file: name });
  };
  const names = records[0].cells.map((c) => c.trim());
  const hasHeaderCell = (index: number) => isHeaderRow(names, index);
  if (typeof option === 'string' && !/^-?\d+$/.test(option.trim())) {
    const index = names.indexOf(option.trim());
    if (index < 0) {
      // Data, not a header, when its only words are where the next row has words too (class names).
      const second = records[1]?.cells ?? [];
      if (names.every((cell, j) => parseNumberCell(cell) !== undefined || (second[j] !== undefined && parseNumberCell(second[j]) === undefined))) {
        fail(`no label column named ${quote(option)}: the file has no header row (its first row is data); name the label column by its 0-based index instead`);
      }
      fail(`no label column named ${quote(option)}; the columns are ${names.map((c) => quote(c)).join(', ')}`);
    }
    return { index, header: true };
  }
  if (typeof option === 'string') {
    // Digits: a header name if the header has it, otherwise an index.
    const byName = names.indexOf(option.trim());
    if (byName >= 0 && hasHeaderCell(byName)) return { index: byName, header: true };
    option = Number(option.trim());
  }
  let index = width - 1;
  if (option !== undefined) {
    if (!Number.isInteger(option) || option >= width || option < -width) {
      fail(`label column index ${option} does not exist: the file has ${width} columns (indices 0 to ${width - 1}, or -1 for the last)`);
    }
    index = option < 0 ? width + option : option;
  }
  return { index, header: hasHeaderCell(index) };
}

/** The classes found in a label column: integers sorted numerically, otherwise names sorted alphabetically. */
export function collectClasses(values: string[]): string[] {
  const distinct = [...new Set(values)];
  if (distinct.every((v) => INTEGER.test(v))) return distinct.sort((a, b) => Number(a) - Number(b));
  return distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * What makes a label column look like a measurement to predict rather than classes, or
 * undefined: every value a number, and either fractions among more than 10 different values
 * or more than 20 different whole numbers that are more than half the rows (a 1,000-row file
 * with a continuous target once became a classifier with 999 outputs). A few numbered
 * classes (0-9, grades 1-5, even 100 classes in 50,000 rows) stay classes.
 */
export function continuousLabelProblem(values: readonly string[]): string | undefined {
  if (values.length === 0 || !values.every((v) => NUMBER.test(v.trim()))) return undefined;
  const numbers = values.map((v) => Number(v.trim()));
  const distinct = new Set(numbers).size;
  const rows = `${formatLimit(distinct)} different values in ${formatLimit(values.length)} rows`;
  if (numbers.some((x) => !Number.isInteger(x)) && distinct > 10) return `it holds numbers with fractions, ${rows}`;
  if (distinct > 20 && distinct > values.length / 2) return `it holds whole numbers, ${rows}`;
  return undefined;
}

/** Integers are compared by value, so '01' and '1' are one class. */
export function canonicalLabel(value: string): string {
  return INTEGER.test(value) ? String(Number(value)) : value;
}

/**
 * A classification dataset from CSV text: every column a number except the label
 * column, which holds class names or integers. A header row is optional: the first row
 * is a header when none of its feature cells is a number (or when the label column is
 * given by name). Inputs are float64 (inputScale 1), targets one-hot.
 */
export function parseCsvDataset(text: string, options: CsvDatasetOptions = {}): CsvDataset {
  const { name } = options;
  const fail = (message: string): never => {
    throw new InputError(message, { file: name });
  };
  const records = parseCsvRecords(text, name);
  if (records.length === 0) fail('the file is empty; expected rows of comma-separated numbers with a label column (e.g. 5.1,3.5,1.4,0.2,setosa)');
  const first = records[0];
  const width = first.cells.length;
  if (width < 2) {
    fail(`the file has only one column; a dataset needs at least one feature column and a label column, separated by commas (is the separator a comma?)`);
  }
  const { index: labelIndex, header } = resolveLabelColumn(options.labelColumn, records, width, name);
  const headerNames = header ? first.cells.map((c) => c.trim()) : undefined;
  const rows = header ? records.slice(1) : records;
  if (rows.length === 0) fail('the file has a header row but no data rows; add rows of examples');

  const featureColumns: number[] = [];
  for (let j = 0; j < width; j++) if (j !== labelIndex) featureColumns.push(j);
  const featureNames = featureColumns.map((j) => (headerNames === undefined ? `column ${j + 1}` : headerNames[j]));
  const labelName = columnLabel(headerNames, labelIndex);
  const inputSize = featureColumns.length;
  const count = rows.length;
  const inputs = new Float64Array(count * inputSize);
  const rawLabels: string[] = new Array<string>(count);
  const widthSource = header ? 'the header has' : 'the first row has';

  for (let r = 0; r < count; r++) {
    const { line, cells } = rows[r];
    if (cells.length !== width) fail(`row ${line} has ${cells.length} columns, ${widthSource} ${width}; make every row the same width`);
    for (let k = 0; k < inputSize; k++) {
      const j = featureColumns[k];
      const problem = cellProblem(cells[j]);
      if (problem !== undefined) fail(`row ${line}, ${columnLabel(headerNames, j)}: ${problem}; every column except the label (${labelName}) must hold a number`);
      inputs[r * inputSize + k] = parseNumberCell(cells[j]) as number;
    }
    const label = cells[labelIndex].trim();
    if (label === '') fail(`row ${line}: the label (${labelName}) is empty; give every row its class`);
    rawLabels[r] = label;
  }

  let classes: string[];
  if (options.classes === undefined) {
    const continuous = continuousLabelProblem(rawLabels);
    if (continuous !== undefined) {
      fail(`the label column (${labelName}) looks like a measurement, not classes: ${continuous}; to predict its value, train with --task regression (or choose the class column with --label-column)`);
    }
    classes = collectClasses(rawLabels.map(canonicalLabel));
    // Checked before the one-hot targets (rows × classes numbers) are allocated.
    if (classes.length > MAX_CLASSES) {
      fail(
        `the label column (${labelName}) has ${formatLimit(classes.length)} different values in ${formatLimit(count)} rows, more than the limit of ${formatLimit(MAX_CLASSES)} classes; ` +
          `is it the right column (--label-column)? A column of measurements to predict needs --task regression, not classes`,
      );
    }
    if (classes.length < 2) {
      fail(`every row has the same label, ${quote(classes[0])} in the label column (${labelName}): a classifier needs at least two classes to tell apart; is it the right column (--label-column)?`);
    }
  } else {
    classes = [...options.classes];
    if (classes.length === 0) fail('the list of known classes is empty; expected the classes of the training data');
  }
  const classIndex = new Map<string, number>();
  classes.forEach((c, i) => classIndex.set(c, i));
  // Known classes that are integers match labels by value ('1' and '01').
  classes.forEach((c, i) => {
    if (!classIndex.has(canonicalLabel(c))) classIndex.set(canonicalLabel(c), i);
  });
  const labels = new Int32Array(count);
  for (let r = 0; r < count; r++) {
    const label = rawLabels[r];
    const index = classIndex.get(label) ?? classIndex.get(canonicalLabel(label));
    if (index === undefined) {
      const shown = classes.length > 12 ? `${classes.slice(0, 12).map((c) => safeText(c, 40)).join(', ')}, …` : classes.map((c) => safeText(c, 40)).join(', ');
      fail(`row ${rows[r].line}: class ${quote(label)} is not one of the training classes (${shown}); fix the label or retrain with this class`);
    }
    labels[r] = index as number;
  }

  return {
    dataset: { count, inputSize, outputSize: classes.length, inputs, inputScale: 1, targets: oneHot(labels, classes.length), labels },
    classes,
    featureNames,
  };
}

/**
 * Rows of numbers from CSV text (inputs to predict on): every cell a finite number; a
 * first row whose cells are all non-numbers is a header and is skipped (a first row with
 * some numbers is data, and its bad cell is an error). With `labelColumn` (as in
 * CsvDatasetOptions) the file is a labelled one and that column is left out of every row,
 * whatever it holds; 'y,z' leaves out several (a regression's targets).
 */
export function parseCsvRows(text: string, name?: string, options: { labelColumn?: string | number } = {}): number[][] {
  const fail = (message: string): never => {
    throw new InputError(message, { file: name });
  };
  const records = parseCsvRecords(text, name);
  if (records.length === 0) fail('the file is empty; expected rows of comma-separated numbers');
  const width = records[0].cells.length;
  const wanted = typeof options.labelColumn === 'string' && options.labelColumn.includes(',') ? options.labelColumn.split(',') : options.labelColumn === undefined ? [] : [options.labelColumn];
  const labels = wanted.map((column) => resolveLabelColumn(column, records, width, name));
  const label = labels[0];
  const leftOut = new Set(labels.map((l) => l.index));
  if (leftOut.size !== labels.length) fail(`--label-column names a column twice: ${String(options.labelColumn)}`);
  if (leftOut.size >= width) fail('every column is a label column; leave at least one input column');
  const hasHeader = labels.length > 0 ? labels.some((l) => l.header) : isHeaderRow(records[0].cells);
  const headerNames = hasHeader ? records[0].cells.map((c) => c.trim()) : undefined;
  const rows = headerNames === undefined ? records : records.slice(1);
  if (rows.length === 0) fail('the file has a header row but no rows of numbers; add the inputs to predict on');
  const widthSource = headerNames === undefined ? 'the first row has' : 'the header has';
  const rule = label === undefined ? 'every cell must be a number' : `every column except the label${labels.length > 1 ? 's' : ''} (${labels.map((l) => columnLabel(headerNames, l.index)).join(', ')}) must hold a number`;
  return rows.map(({ line, cells }) => {
    if (cells.length !== width) fail(`row ${line} has ${cells.length} columns, ${widthSource} ${width}; make every row the same width`);
    const numbers: number[] = [];
    cells.forEach((cell, j) => {
      if (leftOut.has(j)) return;
      const problem = cellProblem(cell);
      if (problem !== undefined) fail(`row ${line}, ${columnLabel(headerNames, j)}: ${problem}; ${rule}`);
      numbers.push(parseNumberCell(cell) as number);
    });
    return numbers;
  });
}
