import type { Command } from 'commander';
import { describeActivations } from '../../kernels/spec.ts';
import { createRng } from '../../math/rng.ts';
import { createNetwork } from '../../network/network.ts';
import { gradientCheck } from '../../training/gradcheck.ts';
import { formatNumber } from '../../common/format.ts';
import { InputError } from '../../common/errors.ts';
import { addLayerFlags, describeNetworkShape, layeredNetworkFromFlags, type LayeredNetworkShape, type LayerFlags } from '../layerFlags.ts';
import { addNetworkFlags } from '../networkFlags.ts';
import { networkFromFlags, updateFromFlags, type NetworkFlags } from '../../api/trainOptions.ts';
import { parseIntegerFlag, parseSizesFlag } from '../../api/parse.ts';

/** Backpropagation passes when no gradient is further than this, relatively, from its finite difference. */
export const GRADCHECK_TOLERANCE = 1e-6;

interface GradcheckOptions extends NetworkFlags, LayerFlags {
  sizes?: number[];
  seed: number;
}

/** `nabla gradcheck`: backprop's gradients against finite differences on a random network. */
export function registerGradcheck(program: Command): void {
  const command = program
    .command('gradcheck')
    .description(`check backpropagation (formulas 3–7) against finite differences of the cost (2) on a random network; exit status 1 if any relative error exceeds ${GRADCHECK_TOLERANCE.toExponential(0)}`)
    .option('--sizes <list>', 'neurons in each layer, input first, separated by commas (default 4,5,3)', (v: string) => parseSizesFlag(v))
    .option('--seed <n>', 'seed of the random network, input x and target y (a whole number)', parseIntegerFlag('--seed', 0), 1);
  addNetworkFlags(addLayerFlags(command), 'gradcheck')
    .addHelpText(
      'after',
      `
Every weight and bias is nudged by ±h and ±2h; the five-point central difference of C is
compared with backprop's ∂C/∂w or ∂C/∂b, in float64.

The network flags are train's: --activation, --output and --cost choose the functions whose
derivatives are checked (the target y is one-hot for a softmax output, in (0, 1) for a sigmoid
one); --l2 and --l1 add their term to C and to ∂C/∂w. The update rule, dropout, schedule and
early stopping change how gradients are applied, not the gradients, and are accepted as they are.

Examples:
  nabla gradcheck
  nabla gradcheck --sizes 3,1,2 --seed 42
  nabla gradcheck --sizes 4,6,5,3 --activation relu,tanh --output softmax --cost log-likelihood
  nabla gradcheck --cost cross-entropy --l2 0.5 --weights xavier
  nabla gradcheck --task regression --activation leaky-relu
  nabla gradcheck --input-shape 8x8 --layers conv:3:3x3,pool:2x2,dense:4 --activation relu --output softmax
  nabla gradcheck --input-shape 6x6x2 --layers conv:2:3x3,conv:2:2x2,dense:3   # two channels, two conv layers`,
    )
    .action((options: GradcheckOptions) => {
      const { seed } = options;
      const shape = gradcheckShape(options);
      const { sizes, activations, cost } = shape;
      const update = updateFromFlags(options);
      const rng = createRng(seed);
      const network = createNetwork({ rng, init: options.weights, ...shape });
      const x = Array.from({ length: sizes[0] }, () => rng.normal());
      const nL = sizes[sizes.length - 1];
      const output = activations[activations.length - 1];
      // y as the cost expects it: one-hot for softmax (log-likelihood's δ^L assumes Σ y = 1), in (0, 1) otherwise.
      const y = Array.from({ length: nL }, () => rng.uniform());
      if (output === 'softmax') {
        const label = Math.min(nL - 1, Math.floor(y[0] * nL));
        y.fill(0);
        y[label] = 1;
      }
      const result = gradientCheck(network, x, y, { l2: update?.l2, l1: update?.l1 });
      const { where, backprop, numerical } = result.worst;
      const passed = result.maxRelativeError <= GRADCHECK_TOLERANCE;
      process.stdout.write(
        [
          `network ${network.layers === undefined ? sizes.join(',') : describeNetworkShape(network)}, seed ${seed}: ${result.checked} parameters checked` +
            (activations.every((a) => a === 'sigmoid') && cost === 'quadratic' && !update?.l2 && !update?.l1
              ? ''
              : ` (${describeActivations(activations)}, ${cost} cost${update?.l2 ? `, L2 λ = ${update.l2}` : ''}${update?.l1 ? `, L1 λ = ${update.l1}` : ''})`),
          `largest relative error ${result.maxRelativeError.toExponential(2)} at ${where} (backprop ${formatNumber(backprop, 10)}, finite difference ${formatNumber(numerical, 10)})`,
          passed ? `passed: within ${GRADCHECK_TOLERANCE.toExponential(0)}` : `FAILED: above ${GRADCHECK_TOLERANCE.toExponential(0)}`,
        ].join('\n') + '\n',
      );
      if (!passed) process.exitCode = 1;
    });
}

function gradcheckShape(options: GradcheckOptions): LayeredNetworkShape {
  if (options.layers !== undefined) return layeredNetworkFromFlags(options, undefined);
  if (options.inputShape !== undefined) throw new InputError('--input-shape is for --layers; a --sizes network takes a flat input');
  const sizes = options.sizes ?? [4, 5, 3];
  return { sizes, ...networkFromFlags(options, sizes.length - 1) };
}
