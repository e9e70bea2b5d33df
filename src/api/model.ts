import { InputError } from '../common/errors.ts';
import { standardize, standardizeRow } from '../data/normalize.ts';
import { backprop, type BackpropTrace } from '../network/backprop.ts';
import { feedforward } from '../network/feedforward.ts';
import type { Network } from '../network/network.ts';
import { modelFromJson, modelToJson, parseModel, type Model, type ModelFileV2, type ModelFileV3, type Normalization, type Task } from '../serialization/modelFile.ts';
import { argmaxRow, scoreWithCost } from '../training/evaluate.ts';
import { arraysToDataset, type FitData } from './fitData.ts';

/** How well a model does on data: model.evaluate's answer. */
export interface ModelScore {
  readonly count: number;
  /** Examples whose largest output is their class; only for data with classes. */
  readonly correct?: number;
  readonly accuracy?: number;
  /** (2) the mean cost (1/n) Σ_x C_x */
  readonly cost: number;
  /** √((1/(n·n_L)) Σ_x Σ_j (a_j − y_j)²) */
  readonly rmse: number;
}

/**
 * A trained network with what it needs to answer on raw inputs: the standardisation it was
 * trained with and its class names. What fit() returns and loadModel() restores. Every
 * answer is computed in float64 from the formulas (network/feedforward.ts), as `nabla predict`
 * computes it, so model.predict(x) prints the numbers `nabla predict` prints for the saved model.
 */
export class TrainedModel {
  readonly network: Network;
  readonly normalization?: Normalization;
  /** The name of each output neuron's class (a classifier trained on labels), or of each target. */
  readonly classes?: readonly string[];
  readonly task: Task;
  /** With earlyStop, the epoch whose parameters the model holds (the best validation score). */
  readonly bestEpoch?: number;

  constructor(model: Model, bestEpoch?: number) {
    if (bestEpoch !== undefined) this.bestEpoch = bestEpoch;
    this.network = model.network;
    this.normalization = model.normalization;
    this.classes = model.classes;
    this.task = model.task ?? 'classification';
  }

  get sizes(): readonly number[] {
    return this.network.sizes;
  }

  /** The input as layer 1 sees it: standardised when the model was trained so. */
  private layer1(x: readonly number[]): Float64Array {
    const n = this.network.sizes[0];
    if (!Array.isArray(x) || x.length !== n) throw new InputError(`the input has ${Array.isArray(x) ? x.length : 'no'} values; the model's input layer has ${n} neurons`);
    return this.normalization ? standardizeRow(x, this.normalization) : Float64Array.from(x);
  }

  /** (1) The output activations a^L for one input x. */
  predict(x: readonly number[]): number[] {
    return Array.from(feedforward(this.network, this.layer1(x)));
  }

  /** The class whose output neuron is largest: its name, for a model trained on labels. */
  classify(x: readonly number[]): string {
    if (this.classes === undefined || this.task !== 'classification') {
      throw new InputError(`classify names a class, and this model ${this.task === 'regression' ? 'is a regression' : 'was not trained on labels'}; use predict(x) for its outputs`);
    }
    const a = this.predict(x);
    return this.classes[argmaxRow(a, 0, a.length)];
  }

  /** Accuracy (for data with classes), mean cost and RMSE on data of fit()'s shapes. */
  evaluate(data: FitData): ModelScore {
    const { dataset } = arraysToDataset(data, this.task === 'classification' && 'labels' in data ? this.classes : undefined);
    const { sizes } = this.network;
    if (dataset.inputSize !== sizes[0] || dataset.outputSize !== sizes[sizes.length - 1]) {
      throw new InputError(`the data has ${dataset.inputSize} inputs and ${dataset.outputSize} outputs per example; the model takes ${sizes[0]} and gives ${sizes[sizes.length - 1]}`);
    }
    const prepared = this.normalization ? standardize(dataset, this.normalization) : dataset;
    const outputs = new Float64Array(dataset.count * dataset.outputSize);
    for (let n = 0; n < dataset.count; n++) {
      outputs.set(feedforward(this.network, prepared.inputs.subarray(n * dataset.inputSize, (n + 1) * dataset.inputSize)), n * dataset.outputSize);
    }
    const score = scoreWithCost(this.network.cost, dataset, outputs);
    return { count: score.count, ...(score.accuracy === undefined ? {} : { correct: score.correct, accuracy: score.accuracy }), cost: score.meanCost, rmse: score.rmse ?? NaN };
  }

  /**
   * The glass box for one example: formulas 1-7, every z^l, a^l, δ^l, ∂C/∂b^l, ∂C/∂w^l
   * (`nabla explain`). `y` is the desired output a^L, or a class name of a classifier.
   */
  explain(x: readonly number[], y: readonly number[] | string): BackpropTrace {
    const outputs = this.network.sizes[this.network.sizes.length - 1];
    let target: readonly number[];
    if (typeof y === 'string') {
      const j = this.classes?.indexOf(y) ?? -1;
      if (j < 0) throw new InputError(`'${y}' is not one of the model's classes${this.classes ? ` (${this.classes.join(', ')})` : ''}; give y as ${outputs} numbers`);
      target = Array.from({ length: outputs }, (_, k) => (k === j ? 1 : 0));
    } else {
      if (!Array.isArray(y) || y.length !== outputs) throw new InputError(`y has ${Array.isArray(y) ? y.length : 'no'} values; the model's output layer has ${outputs} neurons`);
      target = y;
    }
    return backprop(this.network, this.layer1(x), target);
  }

  /** The model file (version 2; 3 for a conv net), so `JSON.stringify(model)` writes what `nabla train --save` writes. */
  toJSON(): ModelFileV2 | ModelFileV3 {
    return modelToJson({ network: this.network, normalization: this.normalization, classes: this.classes, task: this.task });
  }
}

/**
 * Restores a model from its JSON: `JSON.stringify(model)`'s text, the parsed object, or a
 * model file `nabla train --save` wrote. Every field is checked (a bad one is an InputError
 * naming it).
 */
export function loadModel(json: string | object): TrainedModel {
  return new TrainedModel(typeof json === 'string' ? parseModel(json, 'the model JSON') : modelFromJson(json, 'the model JSON'));
}
