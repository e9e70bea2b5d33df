import type { Command } from 'commander';
import { InputError } from '../../common/errors.ts';
import { createRng } from '../../math/rng.ts';
import { getInitialiser } from '../../math/initialisers.ts';
import { createNetwork } from '../../network/network.ts';
import { writeModelFile } from '../../node/modelIO.ts';
import { checkOutputPath } from '../../node/outputPath.ts';
import { describeActivations } from '../../kernels/spec.ts';
import { flagParsers, networkFromFlags, TRAIN_DEFAULTS, updateFromFlags, type NetworkFlags } from '../../api/trainOptions.ts';
import { addLayerFlags, describeNetworkShape, layeredNetworkFromFlags, MNIST_SHAPE, type LayeredNetworkShape, type LayerFlags } from '../layerFlags.ts';
import { addNetworkFlags } from '../networkFlags.ts';

interface InitOptions extends NetworkFlags, LayerFlags {
  sizes?: number[];
  seed: number;
  out: string;
}

/** `nabla init`: a fresh model file with random parameters from a seed, for the network train's flags describe. */
export function registerInit(program: Command): void {
  const command = program
    .command('init')
    .description('write a new model file with random weights and biases (the same seed gives the same file)')
    .option('--sizes <list>', 'neurons in each layer, input first, separated by commas, e.g. 784,30,10 (or --layers)', flagParsers.sizes)
    .option('--seed <n>', 'seed of the random numbers (a whole number)', flagParsers.seed, TRAIN_DEFAULTS.seed)
    .requiredOption('--out <file>', 'the model file to write (JSON; written whole or not at all)');
  addNetworkFlags(addLayerFlags(command), 'init')
    .addHelpText(
      'after',
      `
Takes every network flag nabla train takes: the ones that shape the network (--layers,
--input-shape, --activation, --output, --cost, --weights, --task) are written into the file;
the ones about training (--optimizer, --l2, --dropout, --schedule, …) are checked as train
checks them and not kept.

Examples:
  nabla init --sizes 784,30,10 --out mnist.json
  nabla init --sizes 2,3,1 --seed 7 --weights normal --out xor.json
  nabla init --sizes 784,100,10 --activation relu --output softmax --weights he --out relu.json
  nabla init --layers conv:20:5x5,pool:2x2,dense:100,dense:10 --input-shape 28x28 --output softmax --out conv.json`,
    )
    .action(async (options: InitOptions) => {
      await checkOutputPath(options.out, '--out');
      const shape = networkShape(options);
      updateFromFlags(options); // (checked as train checks it: --momentum without momentum is refused here too)
      const network = createNetwork({ rng: createRng(options.seed), init: options.weights, ...shape });
      await writeModelFile(options.out, { network, ...(options.task === undefined ? {} : { task: options.task }) });
      const parameters = network.weights.reduce((n, w) => n + w.length, 0) + network.biases.reduce((n, b) => n + b.length, 0);
      const described = network.layers === undefined ? `sizes ${network.sizes.join(',')}` : `layers ${describeNetworkShape(network)}`;
      process.stdout.write(
        `wrote ${options.out}: ${described}, ${parameters} parameters, ${describeActivations(network.activations)}, ${network.cost} cost, weights ${getInitialiser(options.weights).formula}, seed ${options.seed}\n`,
      );
    });
}

function networkShape(options: InitOptions): LayeredNetworkShape {
  if (options.layers !== undefined) return layeredNetworkFromFlags(options, MNIST_SHAPE);
  if (options.sizes === undefined) throw new InputError('give the network: --sizes LIST (e.g. 784,30,10) or --layers LIST (e.g. conv:20:5x5,pool:2x2,dense:10)');
  if (options.inputShape !== undefined) throw new InputError('--input-shape is for --layers; a --sizes network takes a flat input');
  return { sizes: options.sizes, ...networkFromFlags(options, options.sizes.length - 1) };
}
