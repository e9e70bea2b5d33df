import { createRequire } from 'node:module';
import type { Command } from 'commander';
import { InputError } from '../../common/errors.ts';
import { writeFileAtomic } from '../../node/atomicWrite.ts';
import { fileProblem, readModelFile } from '../../node/modelIO.ts';
import { checkOutputPath } from '../../node/outputPath.ts';
import { modelToOnnx } from '../../serialization/onnx.ts';
import { modelToSafetensors, torchSequential } from '../../serialization/safetensors.ts';
import { parseChoiceFlag } from '../../api/parse.ts';

const FORMATS = ['onnx', 'safetensors'] as const;
type ExportFormat = (typeof FORMATS)[number];

interface ExportFlags {
  model: string;
  format: ExportFormat;
  out: string;
}

/** `nabla export`: a model file as ONNX (for ONNX Runtime) or safetensors (for PyTorch). */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write a model for other tools: ONNX (ONNX Runtime and its ecosystem) or safetensors (PyTorch, Hugging Face)')
    .requiredOption('--model <file>', "the model file (from 'nabla train --save' or 'nabla init')")
    .requiredOption('--format <format>', `${FORMATS.join(' or ')}`, parseChoiceFlag('--format', FORMATS))
    .requiredOption('--out <file>', 'the file to write (written whole or not at all)')
    .addHelpText(
      'after',
      `
ONNX: input "input" [N, n_1] float32, output "output" [N, n_L]: Gemm and activation nodes,
with the model's input standardisation as Sub and Div nodes in front. safetensors: the
weights as nn.Sequential(Linear, σ, …)'s state_dict ("0.weight", "0.bias", "2.weight", …),
float64, with sizes, activations, cost and class names in the metadata; the README shows
the PyTorch lines that load it.

Examples:
  nabla export --model mnist.json --format onnx --out mnist.onnx
  nabla export --model iris.json --format safetensors --out iris.safetensors`,
    )
    .action(async (flags: ExportFlags) => {
      await checkOutputPath(flags.out, '--out');
      const model = await readModelFile(flags.model);
      const bytes = flags.format === 'onnx' ? modelToOnnx(model, VERSION) : modelToSafetensors(model);
      try {
        await writeFileAtomic(flags.out, bytes);
      } catch (error) {
        if (error instanceof InputError) throw error;
        throw new InputError(`cannot write the ${flags.format} file: ${fileProblem(error)}`, { file: flags.out });
      }
      const what = flags.format === 'onnx' ? 'ONNX (opset 13)' : `safetensors for ${torchSequential(model)}`;
      process.stdout.write(`wrote ${flags.out}: ${what}, ${bytes.length} bytes\n`);
    });
}

/** nabla's version, for the ONNX file's producer_version: read from package.json (src/cli/commands/ and dist/cli/commands/ are both three folders down). */
const VERSION = (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;
