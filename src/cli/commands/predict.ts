import type { Command } from 'commander';
import { safeText } from '../../common/safeText.ts';
import { InputError } from '../../common/errors.ts';
import { formatNumber } from '../../common/format.ts';
import { parseCsvRows } from '../../data/csv.ts';
import { standardizeRow } from '../../data/normalize.ts';
import { channelsFirst } from '../../data/channels.ts';
import { feedforward } from '../../network/feedforward.ts';
import { readModelFile } from '../../node/modelIO.ts';
import { readPngDigit } from '../../node/png.ts';
import { readText } from '../../node/readText.ts';
import type { Model } from '../../serialization/modelFile.ts';
import { argmaxRow } from '../../training/evaluate.ts';

interface PredictOptions {
  model: string;
  input?: string;
  json?: boolean;
  labelColumn?: string;
}

/** `nabla predict`: the output activations a^L for inputs from a CSV file, or the digit in PNG images. */
export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('feed inputs forward through a model: a CSV of inputs gives the class and the outputs a^L of each row; PNG images of digits give the predicted digits')
    .argument('[images...]', 'PNG images of handwritten digits (any size; each is scaled to 28 × 28 like MNIST)')
    .requiredOption('--model <file>', "the model file (from 'nabla init' or 'nabla train --save')")
    .option('--input <file>', "a CSV file with one row of numbers per example (a header row is skipped); '-' reads standard input")
    .option('--label-column <name|index>', 'the file is labelled: leave out this column (a header name or a 0-based index) and predict from the others; a regression\'s targets as a list, e.g. y,z')
    .option('--json', 'print JSON: an object {"class", "outputs"} per line for a model with classes, else one array of the output rows; for images, {"file", "prediction", "confidence", "outputs"}')
    .addHelpText(
      'after',
      `
Each output a^L is printed at full float64 precision (the numbers read back exactly).
For a model with class names (trained on a labelled CSV file or on MNIST) the first
line is 'class,<name 1>,<name 2>,…' and each row is the predicted class (the output
neuron with the largest activation) followed by the outputs; a model without class
names prints only the outputs. If the model holds a normalization (from CSV training
data), inputs are standardised first, x ← (x − mean) / std, as in training.

One image prints its digit and every output; several print one line each,
'file,digit,confidence', the confidence being the winning neuron's activation a^L_j.

Examples:
  nabla predict --model iris.json --input examples/iris-test.csv --label-column species
  nabla predict --model xy.json --input xy-test.csv --label-column y,z     # two regression targets
  cat flowers.csv | nabla predict --model iris.json --input - --json
  nabla predict --model mnist.json digit.png
  nabla predict --model mnist.json digits/*.png`,
    )
    .action(async (images: string[], options: PredictOptions) => {
      const model = await readModelFile(options.model);
      const json = options.json === true;
      if (images.length > 0 && options.input !== undefined) {
        throw new InputError(`give either images (${images.join(', ')}) or --input ${options.input}, not both`);
      }
      if (images.length > 0 && options.labelColumn !== undefined) throw new InputError('--label-column is for a CSV file given with --input, not for images');
      if (images.length === 1) return predictImage(model, images[0], json);
      if (images.length > 1) return predictImages(model, images, json);
      if (options.input === undefined) {
        throw new InputError('nothing to predict: give --input FILE.csv (or --input - for standard input), or the paths of PNG images');
      }
      return predictCsv(model, options.input, options.labelColumn, json);
    });
}

/** Standardises a row with the model's normalization, when it has one; a conv net's image goes channel first. */
function modelInput(model: Model, row: ArrayLike<number>): Float64Array {
  const x = model.normalization ? standardizeRow(row, model.normalization) : Float64Array.from(row);
  const shape = model.network.inputShape;
  if (shape === undefined) return x;
  return channelsFirst({ count: 1, inputSize: x.length, outputSize: 0, inputs: x, inputScale: 1, targets: new Float64Array(0) }, shape).inputs as Float64Array;
}

/**
 * A CSV cell for text from a file (a class name, a path): escaped by safeText, so it cannot
 * drive the terminal or forge a line, then quoted when it holds a comma or a quote (RFC 4180).
 */
function csvCell(text: string, max?: number): string {
  const safe = safeText(text, max);
  return /[",]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

async function predictCsv(model: Model, path: string, labelColumn: string | undefined, json: boolean): Promise<void> {
  const name = path === '-' ? 'standard input' : path;
  const rows = parseCsvRows(await readText(path, 'input file'), name, { labelColumn });
  const nIn = model.network.sizes[0];
  if (rows[0].length !== nIn) {
    const counted = labelColumn === undefined ? `the rows have ${rows[0].length} numbers each` : `the rows have ${rows[0].length} numbers each besides the label`;
    const hint = labelColumn === undefined && rows[0].length === nIn + 1 ? ` (is one column a label? name it with --label-column)` : '';
    throw new InputError(`${counted}; the model's input layer has ${nIn} neurons, so each row needs ${nIn} numbers${hint}`, { file: name });
  }
  const outputs = rows.map((row) => Array.from(feedforward(model.network, modelInput(model, row))));
  const classes = model.classes;
  let text: string;
  if (model.task === 'regression') {
    // The predicted values themselves, headed by the targets' names: a regression has no classes to pick.
    const names = classes ?? outputs[0].map((_, j) => `output ${j + 1}`);
    text = json
      ? outputs.map((a) => JSON.stringify(Object.fromEntries(names.map((n, j) => [n, a[j]]))) + '\n').join('')
      : [names.map((n) => csvCell(n)).join(',') + '\n', ...outputs.map((a) => a.map(String).join(',') + '\n')].join('');
  } else if (classes === undefined) {
    // No names to speak of: a^L alone, as the model computes it.
    text = json ? JSON.stringify(outputs) + '\n' : outputs.map((a) => a.map(String).join(',') + '\n').join('');
  } else {
    const predicted = outputs.map((a) => classes[argmaxRow(a, 0, a.length)]);
    text = json
      ? outputs.map((a, n) => JSON.stringify({ class: predicted[n], outputs: a }) + '\n').join('')
      : [['class', ...classes], ...outputs.map((a, n) => [predicted[n], ...a.map(String)])].map((cells) => cells.map((cell) => csvCell(cell)).join(',') + '\n').join('');
  }
  process.stdout.write(text);
}

/** The prediction for one image: the winning output neuron, its name and its activation. */
async function classifyImage(model: Model, path: string): Promise<{ a: Float64Array; best: number; prediction: string }> {
  const pixels = await readPngDigit(path);
  const nIn = model.network.sizes[0];
  if (pixels.length !== nIn) {
    throw new InputError(`an image gives ${pixels.length} inputs (28 × 28 pixels) but the model's input layer has ${nIn} neurons; use a model trained on digit images`, { file: path });
  }
  const a = feedforward(model.network, modelInput(model, pixels));
  const best = argmaxRow(a, 0, a.length);
  return { a, best, prediction: model.classes ? model.classes[best] : String(best) };
}

/** Whether the output neurons are the digits 0-9 in order (an MNIST model), named or not. */
function predictsDigits(model: Model): boolean {
  return model.classes === undefined || model.classes.every((name, j) => name === String(j));
}

async function predictImage(model: Model, path: string, json: boolean): Promise<void> {
  const { a, best, prediction } = await classifyImage(model, path);
  if (json) {
    process.stdout.write(JSON.stringify({ prediction, outputs: Array.from(a) }) + '\n');
    return;
  }
  // Class names come from the model file: escaped, so they cannot drive the terminal.
  const names = Array.from(a, (_, j) => (model.classes ? safeText(model.classes[j]) : String(j)));
  const width = Math.max(...names.map((n) => n.length));
  const lines = [`${safeText(path, 1000)}: predicted ${predictsDigits(model) ? 'digit' : 'class'} ${names[best]}`, `output activations a^${model.network.sizes.length}:`];
  a.forEach((value, j) => lines.push(`  ${names[j].padStart(width)}  ${formatNumber(value).padEnd(12)} ${'█'.repeat(Math.round(value * 20))}${j === best ? '  ←' : ''}`));
  process.stdout.write(lines.join('\n') + '\n');
}

/** Several images: one line each, `file,digit,confidence`; all are read before any is printed. */
async function predictImages(model: Model, paths: string[], json: boolean): Promise<void> {
  const results = [];
  for (const path of paths) results.push({ path, ...(await classifyImage(model, path)) });
  const lines = results.map(({ path, a, best, prediction }) =>
    json ? JSON.stringify({ file: path, prediction, confidence: a[best], outputs: Array.from(a) }) : `${csvCell(path, 1000)},${csvCell(prediction)},${a[best]}`,
  );
  process.stdout.write(lines.map((line) => line + '\n').join(''));
}
