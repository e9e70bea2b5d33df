import type { Command } from 'commander';
import { createRng } from '../../math/rng.ts';
import { createNetwork } from '../../network/network.ts';
import { gradientCheck } from '../../training/gradcheck.ts';
import { formatNumber } from '../../common/format.ts';
import { parseIntegerFlag, parseSizesFlag } from '../parse.ts';

/** Backpropagation passes when no gradient is further than this, relatively, from its finite difference. */
export const GRADCHECK_TOLERANCE = 1e-6;

interface GradcheckOptions {
  sizes: number[];
  seed: number;
}

/** `nabla gradcheck`: backprop's gradients against finite differences on a random network. */
export function registerGradcheck(program: Command): void {
  program
    .command('gradcheck')
    .description(`check backpropagation (formulas 3–7) against finite differences of the cost (2) on a random network; exit status 1 if any relative error exceeds ${GRADCHECK_TOLERANCE.toExponential(0)}`)
    .option('--sizes <list>', 'neurons in each layer, input first, separated by commas', (v: string) => parseSizesFlag(v), [4, 5, 3])
    .option('--seed <n>', 'seed of the random network, input x and target y (a whole number)', parseIntegerFlag('--seed', 0), 1)
    .addHelpText(
      'after',
      `
Every weight and bias is nudged by ±h and ±2h; the five-point central difference of C is
compared with backprop's ∂C/∂w or ∂C/∂b, in float64.

Examples:
  nabla gradcheck
  nabla gradcheck --sizes 3,1,2 --seed 42`,
    )
    .action((options: GradcheckOptions) => {
      const { sizes, seed } = options;
      const rng = createRng(seed);
      const network = createNetwork({ sizes, rng });
      const x = Array.from({ length: sizes[0] }, () => rng.normal());
      const y = Array.from({ length: sizes[sizes.length - 1] }, () => rng.uniform());
      const result = gradientCheck(network, x, y);
      const { layer, j, k, backprop, numerical } = result.worst;
      const where = k === undefined ? `∂C/∂b^${layer}_${j}` : `∂C/∂w^${layer}_{${j},${k}}`;
      const passed = result.maxRelativeError <= GRADCHECK_TOLERANCE;
      process.stdout.write(
        [
          `network ${sizes.join(',')}, seed ${seed}: ${result.checked} parameters checked`,
          `largest relative error ${result.maxRelativeError.toExponential(2)} at ${where} (backprop ${formatNumber(backprop, 10)}, finite difference ${formatNumber(numerical, 10)})`,
          passed ? `passed: within ${GRADCHECK_TOLERANCE.toExponential(0)}` : `FAILED: above ${GRADCHECK_TOLERANCE.toExponential(0)}`,
        ].join('\n') + '\n',
      );
      if (!passed) process.exitCode = 1;
    });
}
