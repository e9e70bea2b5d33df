import { backprop } from '../network/backprop.ts';
import { describeLayer, layerShapes } from '../network/layers.ts';
import type { Network } from '../network/network.ts';
import type { FeatureMapDigit, FeatureMapLayer } from '../report/featureMaps.ts';
import type { LabelledData } from './trainingData.ts';

/** How many rightly and how many wrongly classified digits the report shows the maps of. */
export const MAP_DIGITS = { correct: 3, misclassified: 3 };

/**
 * The feature maps the report of a conv net shows (issue 21, item 7): the first
 * MAP_DIGITS.correct evaluation digits the final network gets right and the first
 * MAP_DIGITS.misclassified it gets wrong, each with a^l of every conv and pool layer from the
 * library's own backprop (the float64 definition, not a kernel's fast path). Empty for a dense
 * net or for data that are not images.
 */
export function featureMapDigits(network: Network, data: LabelledData, predicted: ArrayLike<number>, labels: ArrayLike<number>): FeatureMapDigit[] {
  const { layers, inputShape } = network;
  const side = data.imageSide;
  if (layers === undefined || inputShape === undefined || side === undefined) return [];
  if (!layers.some((layer) => layer.type !== 'dense')) return [];
  const dataset = data.evaluation;
  const chosen: number[] = [];
  let correct = 0;
  let misclassified = 0;
  for (let n = 0; n < dataset.count && (correct < MAP_DIGITS.correct || misclassified < MAP_DIGITS.misclassified); n++) {
    const right = predicted[n] === labels[n];
    if (right && correct < MAP_DIGITS.correct) correct++;
    else if (!right && misclassified < MAP_DIGITS.misclassified) misclassified++;
    else continue;
    chosen.push(n);
  }
  // Right ones first, then the wrong ones, each in the set's order.
  chosen.sort((m, n) => Number(predicted[m] !== labels[m]) - Number(predicted[n] !== labels[n]) || m - n);
  const shapes = layerShapes(inputShape, layers);
  const outputSize = network.sizes[network.sizes.length - 1];
  return chosen.map((n) => {
    const x = new Float64Array(dataset.inputSize);
    for (let k = 0; k < x.length; k++) x[k] = dataset.inputs[n * dataset.inputSize + k] * dataset.inputScale;
    const y = new Float64Array(outputSize);
    y[labels[n]] = 1;
    const { activations } = backprop(network, x, y);
    const maps: FeatureMapLayer[] = [];
    layers.forEach((layer, i) => {
      if (layer.type === 'dense') return;
      maps.push({ layer: i + 2, description: describeLayer(layer), shape: shapes[i + 1], values: activations[i + 2] });
    });
    return {
      index: n,
      pixels: x.subarray(0, side * side),
      width: side,
      height: side,
      label: data.classes[labels[n]],
      predicted: data.classes[predicted[n]],
      layers: maps,
    };
  });
}
