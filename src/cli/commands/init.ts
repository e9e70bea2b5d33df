import type { Command } from 'commander';
import { InputError } from '../../common/errors.ts';
import { createRng } from '../../math/rng.ts';
import { createNetwork } from '../../network/network.ts';
import { writeModelFile } from '../../node/modelIO.ts';
import { checkOutputPath } from '../../node/outputPath.ts';
import { addLayerFlags, describeNetworkShape, layeredNetworkFromFlags, type LayerFlags } from '../layerFlags.ts';
import { addNetworkFlags, networkFromFlags, type NetworkFlags } from '../networkFlags.ts';
import { parseIntegerFlag, parseSizesFlag } from '../parse.ts';

interface InitOptions extends NetworkFlags, LayerFlags {
  sizes?: number[];
  seed: number;
  out: string;
}

/** `nabla init`: a fresh model file with random parameters from a seed, shaped by train's network flags. */
export function registerInit(program: Command): void {
  const command = program
    .command('init')
    .description('write a new model file with random weights and biases (the same seed gives the same file); it takes the network flags train takes')
    .option('--sizes <list>', 'neurons in each layer, input first, separated by commas, e.g. 784,30,10 (or --layers)', (v: string) => parseSizesFlag(v))
    .option('--seed <n>', 'seed of the random numbers (a whole number)', parseIntegerFlag('--seed', 0), 1)
    .requiredOption('--out <file>', 'the model file to write (JSON; written whole or not at all)');
  addNetworkFlags(addLayerFlags(command), true)
    .addHelpText(
      'after',
      `
Examples:
  nabla init --sizes 784,30,10 --out mnist.json
  nabla init --sizes 2,3,1 --seed 7 --weights normal --out xor.json
  nabla init --layers conv:20:5x5,pool:2x2,dense:100,dense:10 --input-shape 28x28 --output softmax --out conv.json`,
    )
    .action(async (options: InitOptions) => {
      await checkOutputPath(options.out, '--out');
      const network = createNetwork({ rng: createRng(options.seed), init: options.weights, ...networkShape(options) });
      await writeModelFile(options.out, { network });
      const parameters = network.weights.reduce((n, w) => n + w.length, 0) + network.biases.reduce((n, b) => n + b.length, 0);
      const shape = network.layers === undefined ? `sizes ${network.sizes.join(',')}` : `layers ${describeNetworkShape(network)}`;
      process.stdout.write(`wrote ${options.out}: ${shape}, ${parameters} parameters, ${options.weights} initialisation, seed ${options.seed}\n`);
    });
}

function networkShape(options: InitOptions): ReturnType<typeof layeredNetworkFromFlags> {
  if (options.layers !== undefined) return layeredNetworkFromFlags(options, [28, 28, 1]);
  if (options.sizes === undefined) throw new InputError('give the network: --sizes LIST (e.g. 784,30,10) or --layers LIST (e.g. conv:20:5x5,pool:2x2,dense:10)');
  if (options.inputShape !== undefined) throw new InputError('--input-shape is for --layers; a --sizes network takes a flat input');
  return { sizes: options.sizes, ...networkFromFlags(options, options.sizes.length - 1) };
}
