import type { Command } from 'commander';
import { createRng } from '../../math/rng.ts';
import { createNetwork, type WeightInit } from '../../network/network.ts';
import { writeModelFile } from '../../node/modelIO.ts';
import { checkOutputPath } from '../../node/outputPath.ts';
import { parseChoiceFlag, parseIntegerFlag, parseSizesFlag } from '../../api/parse.ts';

const INITS: readonly WeightInit[] = ['normal', 'scaled-normal'];

interface InitOptions {
  sizes: number[];
  seed: number;
  weights: WeightInit;
  out: string;
}

/** `nabla init`: a fresh model file with random parameters from a seed. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description('write a new model file with random weights and biases (the same seed gives the same file)')
    .requiredOption('--sizes <list>', 'neurons in each layer, input first, separated by commas, e.g. 784,30,10', (v: string) => parseSizesFlag(v))
    .option('--seed <n>', 'seed of the random numbers (a whole number)', parseIntegerFlag('--seed', 0), 1)
    .option(
      '--weights <kind>',
      "initial weights: 'scaled-normal' draws w^l from N(0, 1/n_{l-1}) and b from N(0, 1) (network2.py's default, and nabla train's); 'normal' draws every w and b from N(0, 1) (the reference network.py's)",
      parseChoiceFlag('--weights', INITS),
      'scaled-normal' as WeightInit,
    )
    .requiredOption('--out <file>', 'the model file to write (JSON; written whole or not at all)')
    .addHelpText(
      'after',
      `
Examples:
  nabla init --sizes 784,30,10 --out mnist.json
  nabla init --sizes 2,3,1 --seed 7 --weights normal --out xor.json`,
    )
    .action(async (options: InitOptions) => {
      await checkOutputPath(options.out, '--out');
      const network = createNetwork({ sizes: options.sizes, rng: createRng(options.seed), init: options.weights });
      await writeModelFile(options.out, { network });
      const parameters = network.weights.reduce((n, w) => n + w.length, 0) + network.biases.reduce((n, b) => n + b.length, 0);
      process.stdout.write(
        `wrote ${options.out}: sizes ${options.sizes.join(',')}, ${parameters} parameters, ${options.weights} initialisation, seed ${options.seed}\n`,
      );
    });
}
