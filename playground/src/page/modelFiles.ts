import { parseModel, serializeModel } from 'nabla';
import { DEFAULT_FEATURES, type Feature } from '../features.ts';
import { activationOfList, is2d, isRegression, type DatasetKind } from '../state.ts';
import { app } from './app.ts';
import { change } from './controls.ts';
import { $ } from './dom.ts';
import { say } from './notes.ts';
import { build } from './session.ts';
import { showSetup } from './setupView.ts';

/** Model files: load one saved by `nabla train --save` (or dropped on the page), save the page's. */
async function loadModelFile(file: File): Promise<void> {
  try {
    const loaded = parseModel(await file.text(), file.name).network;
    const { setup, problem } = app;
    const { dataset, features } = datasetFor(loaded.sizes, file.name);
    const outputs = loaded.sizes[loaded.sizes.length - 1];
    if (is2d(dataset) && isRegression(dataset) && outputs !== 1) throw new Error(`${file.name} has ${outputs} outputs; ${dataset} is a regression with one number to predict (1 output)`);
    if (is2d(dataset) && !isRegression(dataset) && outputs > 2) throw new Error(`${file.name} has ${outputs} outputs; a 2-D set has 2 classes (1 or 2 outputs)`);
    const newData = dataset !== setup.dataset || features.join() !== setup.features.join() || (is2d(dataset) && outputs !== setup.sizes[setup.sizes.length - 1]) || problem === undefined;
    const output = loaded.activations[loaded.activations.length - 1];
    const hidden = loaded.activations.length > 1 ? activationOfList(loaded.activations.slice(0, -1), setup.activation) : setup.activation;
    app.setup = { ...setup, dataset, features, sizes: [...loaded.sizes], activation: hidden, output, cost: loaded.cost };
    showSetup();
    app.modelNote = `Loaded ${file.name}: sizes ${loaded.sizes.join(',')}, ${loaded.activations.join(', ')}, ${loaded.cost} cost.`;
    await build(newData, loaded);
    say(app.modelNote);
  } catch (error) {
    say(error instanceof Error ? error.message : String(error), 'error');
  }
}

/**
 * Where a model with these sizes runs: 784 inputs on MNIST, a CSV's count on that CSV, one
 * per input feature on the 2-D set shown (2 inputs also as x₁, x₂ when other features are on).
 */
function datasetFor(sizes: readonly number[], name: string): { dataset: DatasetKind; features: readonly Feature[] } {
  const { setup, problem } = app;
  const inputs = sizes[0];
  if (inputs === 784) return { dataset: 'mnist', features: setup.features };
  if (setup.dataset === 'csv' && problem?.train.inputSize === inputs) return { dataset: 'csv', features: setup.features };
  const plane = is2d(setup.dataset) ? setup.dataset : 'circle';
  if (is2d(setup.dataset) && inputs === setup.features.length) return { dataset: plane, features: setup.features };
  if (inputs === 2 && setup.dataset !== 'csv') return { dataset: plane, features: DEFAULT_FEATURES };
  throw new Error(`${name} has ${inputs} inputs; the playground runs networks with one input per feature (${setup.features.length} now) on the 2-D sets, 784-input ones on MNIST, and others on a CSV file with that many features (load the CSV first)`);
}

/** Wires the model file input, drag and drop, and Save (called once by main.ts). */
export function initModelFiles(): void {
  $<HTMLInputElement>('model-file').addEventListener('change', (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) void loadModelFile(file);
  });
  document.addEventListener('dragover', (event) => event.preventDefault());
  document.addEventListener('drop', (event) => {
    event.preventDefault();
    const file = event.dataTransfer?.files[0];
    if (file === undefined) return;
    if (/\.csv$/i.test(file.name)) {
      void file.text().then((text) => {
        app.csvFile = { text, name: file.name };
        change({ dataset: 'csv' }, 'data');
      });
    } else void loadModelFile(file);
  });
  $('save-model').addEventListener('click', () => {
    const { network, problem, setup } = app;
    if (network === undefined) return;
    const text = serializeModel({
      network,
      ...(problem?.normalization ? { normalization: problem.normalization } : {}),
      ...(problem?.classes ? { classes: problem.classes } : {}),
    });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    link.download = `nabla-${setup.dataset}-${setup.sizes.join('-')}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  });
}
