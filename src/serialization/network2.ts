import { InputError } from '../common/errors.ts';
import { describeJson, jsonDepthProblem } from './modelChecks.ts';
import { MODEL_FORMAT, modelFromJson, type Model } from './modelFile.ts';

/**
 * The JSON that Nielsen's network2.py saves (`Network.save`):
 *
 *   {"sizes": [784, 30, 10], "weights": [w.tolist() for w in weights],
 *    "biases": [b.tolist() for b in biases], "cost": "CrossEntropyCost"}
 *
 * weights[i] is n_{i+2} rows of n_{i+1} numbers, nabla's orientation; biases[i] is a column
 * vector, n_{i+2} rows of one number each. The activation is always the sigmoid.
 */

/** network2.py's cost class names and nabla's. */
export const NETWORK2_COSTS: Readonly<Record<string, string>> = {
  QuadraticCost: 'quadratic',
  CrossEntropyCost: 'cross-entropy',
};

export function modelFromNetwork2(text: string, source = 'network2 file'): Model {
  const fail = (message: string): never => {
    throw new InputError(message, { file: source });
  };
  const tooDeep = jsonDepthProblem(text);
  if (tooDeep !== undefined) fail(tooDeep);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(`is not valid JSON (${(error as Error).message}); network2.py's Network.save writes {"sizes", "weights", "biases", "cost"}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('expected a JSON object {"sizes", "weights", "biases", "cost"} as network2.py saves');
  const obj = json as Record<string, unknown>;
  const cost = typeof obj.cost === 'string' ? NETWORK2_COSTS[obj.cost] : undefined;
  if (cost === undefined) fail(`"cost" must be one of ${Object.keys(NETWORK2_COSTS).join(', ')} (network2.py's cost classes), found ${describeJson(obj.cost)}`);
  const biases = obj.biases;
  if (!Array.isArray(biases)) fail(`"biases" must be an array of column vectors, found ${describeJson(biases)}`);
  // Column vectors [[b_1], [b_2], …] become nabla's rows [b_1, b_2, …].
  const rows = (biases as unknown[]).map((column, i) => {
    if (!Array.isArray(column)) return fail(`"biases[${i}]" must be a column vector (an array of [number] rows), found ${describeJson(column)}`);
    return column.map((entry: unknown, j: number) => (Array.isArray(entry) && entry.length === 1 ? entry[0] : fail(`"biases[${i}][${j}]" must be a one-number row [b], found ${describeJson(entry)}`)));
  });
  // A version 1 object: one activation (network2.py's sigmoid) for every layer.
  return modelFromJson({ format: MODEL_FORMAT, version: 1, sizes: obj.sizes, activation: 'sigmoid', cost, weights: obj.weights, biases: rows }, source);
}
