import type { Command } from 'commander';
import { safeText } from '../../common/safeText.ts';
import { parseCsvRows } from '../../data/csv.ts';
import { InputError } from '../../common/errors.ts';
import { standardizeRow } from '../../data/normalize.ts';
import { feedforward } from '../../network/feedforward.ts';
import { readModelFile } from '../../node/modelIO.ts';
import { readPngDigit } from '../../node/png.ts';
import { readText } from '../../node/readText.ts';
import type { Model } from '../../serialization/modelFile.ts';
import { argmaxRow } from '../../training/evaluate.ts';
import { formatNumber } from '../../common/format.ts';

interface PredictOptions {
  model: string;
  input?: string;
  json?: boolean;
}

/** `nabla predict`: the output activations a^L for inputs from a CSV file, or the digit in a PNG image. */
export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('feed inputs forward through a model: a CSV of inputs gives a CSV of outputs a^L; a PNG of a digit gives the predicted digit')
    .argument('[image]', 'a PNG image of a handwritten digit (any size; it is scaled to 28 × 28 like MNIST)')
    .requiredOption('--model <file>', "the model file (from 'nabla init' or 'nabla train --save')")
    .option('--input <file>', "a CSV file with one row of numbers per example (a header row is skipped); '-' reads standard input")
    .option('--json', 'print a JSON array of the output rows (with an image: {"prediction", "outputs"})')
    .addHelpText(
      'after',
      `
Each output row is a^L at full float64 precision (the numbers read back exactly).
If the model holds a normalization (from CSV training data), inputs are standardised
first, x ← (x − mean) / std, as in training.

Examples:
  nabla predict --model iris.json --input flowers.csv
  cat flowers.csv | nabla predict --model iris.json --input - --json
  nabla predict --model mnist.json digit.png`,
    )
    .action(async (image: string | undefined, options: PredictOptions) => {
      const model = await readModelFile(options.model);
      if (image !== undefined && options.input !== undefined) {
        throw new InputError(`give either an image (${image}) or --input ${options.input}, not both`);
      }
      if (image !== undefined) return predictImage(model, image, options.json === true);
      if (options.input === undefined) {
        throw new InputError("nothing to predict: give --input FILE.csv (or --input - for standard input), or the path of a PNG image");
      }
      return predictCsv(model, options.input, options.json === true);
    });
}

/** Standardises a row with the model's normalization, when it has one. */
function modelInput(model: Model, row: ArrayLike<number>): Float64Array {
  return model.normalization ? standardizeRow(row, model.normalization) : Float64Array.from(row);
}

async function predictCsv(model: Model, path: string, json: boolean): Promise<void> {
  const name = path === '-' ? 'standard input' : path;
  const rows = parseCsvRows(await readText(path, 'input file'), name);
  const nIn = model.network.sizes[0];
  if (rows[0].length !== nIn) {
    throw new InputError(`the rows have ${rows[0].length} numbers each; the model's input layer has ${nIn} neurons, so each row needs ${nIn} numbers`, { file: name });
  }
  const outputs = rows.map((row) => Array.from(feedforward(model.network, modelInput(model, row))));
  process.stdout.write(json ? JSON.stringify(outputs) + '\n' : outputs.map((a) => a.map(String).join(',')).join('\n') + '\n');
}

async function predictImage(model: Model, path: string, json: boolean): Promise<void> {
  const pixels = await readPngDigit(path);
  const nIn = model.network.sizes[0];
  if (pixels.length !== nIn) {
    throw new InputError(`an image gives ${pixels.length} inputs (28 × 28 pixels) but the model's input layer has ${nIn} neurons; use a model trained on digit images`, { file: path });
  }
  const a = feedforward(model.network, modelInput(model, pixels));
  const best = argmaxRow(a, 0, a.length);
  const prediction = model.classes ? model.classes[best] : String(best);
  if (json) {
    process.stdout.write(JSON.stringify({ prediction, outputs: Array.from(a) }) + '\n');
    return;
  }
  // Class names come from the model file: escaped, so they cannot drive the terminal.
  const names = Array.from(a, (_, j) => (model.classes ? safeText(model.classes[j]) : String(j)));
  const width = Math.max(...names.map((n) => n.length));
  const lines = [`${safeText(path, 1000)}: predicted ${model.classes ? 'class' : 'digit'} ${names[best]}`, `output activations a^${model.network.sizes.length}:`];
  a.forEach((value, j) => lines.push(`  ${names[j].padStart(width)}  ${formatNumber(value).padEnd(12)} ${'█'.repeat(Math.round(value * 20))}${j === best ? '  ←' : ''}`));
  process.stdout.write(lines.join('\n') + '\n');
}
