import type { Command } from 'commander';
import { createRng } from '../../math/rng.ts';
import { getInitialiser } from '../../math/initialisers.ts';
import { createNetwork } from '../../network/network.ts';
import { writeModelFile } from '../../node/modelIO.ts';
import { checkOutputPath } from '../../node/outputPath.ts';
import { describeActivations } from '../../kernels/spec.ts';
import { flagParsers, networkFromFlags, TRAIN_DEFAULTS, updateFromFlags, type NetworkFlags } from '../../api/trainOptions.ts';
import { addNetworkFlags } from '../networkFlags.ts';

interface InitOptions extends NetworkFlags {
  sizes: number[];
  seed: number;
  out: string;
}

/** `nabla init`: a fresh model file with random parameters from a seed, for the network train's flags describe. */
export function registerInit(program: Command): void {
  const command = program
    .command('init')
    .description('write a new model file with random weights and biases (the same seed gives the same file)')
    .requiredOption('--sizes <list>', 'neurons in each layer, input first, separated by commas, e.g. 784,30,10', flagParsers.sizes)
    .option('--seed <n>', 'seed of the random numbers (a whole number)', flagParsers.seed, TRAIN_DEFAULTS.seed)
    .requiredOption('--out <file>', 'the model file to write (JSON; written whole or not at all)');
  addNetworkFlags(command, 'init')
    .addHelpText(
      'after',
      `
Takes every network flag nabla train takes: the ones that shape the network (--activation,
--output, --cost, --weights, --task) are written into the file; the ones about training
(--optimizer, --l2, --dropout, --schedule, …) are checked as train checks them and not kept.

Examples:
  nabla init --sizes 784,30,10 --out mnist.json
  nabla init --sizes 2,3,1 --seed 7 --weights normal --out xor.json
  nabla init --sizes 784,100,10 --activation relu --output softmax --weights he --out relu.json`,
    )
    .action(async (options: InitOptions) => {
      await checkOutputPath(options.out, '--out');
      const { activations, cost } = networkFromFlags(options, options.sizes.length - 1);
      updateFromFlags(options); // (checked as train checks it: --momentum without momentum is refused here too)
      const network = createNetwork({ sizes: options.sizes, rng: createRng(options.seed), init: options.weights, activations, cost });
      await writeModelFile(options.out, { network, ...(options.task === undefined ? {} : { task: options.task }) });
      const parameters = network.weights.reduce((n, w) => n + w.length, 0) + network.biases.reduce((n, b) => n + b.length, 0);
      process.stdout.write(
        `wrote ${options.out}: sizes ${options.sizes.join(',')}, ${parameters} parameters, ${describeActivations(network.activations)}, ${network.cost} cost, weights ${getInitialiser(options.weights).formula}, seed ${options.seed}\n`,
      );
    });
}
