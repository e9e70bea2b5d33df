import { describeActivations } from '../../kernels/spec.ts';
import { basename, dirname, extname, join } from 'node:path';
import type { Command } from 'commander';
import { checkOutputPath } from '../../node/outputPath.ts';
import { writeModelFile } from '../../node/modelIO.ts';
import { readBytes, readText } from '../../node/readText.ts';
import type { Model } from '../../serialization/modelFile.ts';
import { modelFromNetwork2 } from '../../serialization/network2.ts';
import { modelFromSafetensors } from '../../serialization/safetensors.ts';
import { parseChoiceFlag } from '../../api/parse.ts';

const SOURCES = ['network2', 'safetensors'] as const;
type ImportSource = (typeof SOURCES)[number];

interface ImportFlags {
  from: ImportSource;
  out?: string;
}

/** `nabla import`: a network saved by another tool as a nabla model file. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description("turn a network saved elsewhere into a nabla model file: network2.py's JSON, or a safetensors file from 'nabla export'")
    .argument('<file>', 'the file to read')
    .requiredOption('--from <format>', `network2 (the JSON Nielsen's network2.py saves) or safetensors`, parseChoiceFlag('--from', SOURCES))
    .option('--out <file>', 'the model file to write (default: FILE with .nabla.json in place of its extension)')
    .addHelpText(
      'after',
      `
Examples:
  nabla import --from network2 net.json --out mnist.json
  nabla import --from safetensors iris.safetensors`,
    )
    .action(async (file: string, flags: ImportFlags) => {
      const out = flags.out ?? join(dirname(file), `${basename(file, extname(file))}.nabla.json`);
      await checkOutputPath(out, '--out');
      const model: Model = flags.from === 'network2' ? modelFromNetwork2(await readText(file, 'network2 file'), file) : modelFromSafetensors(await readBytes(file, 'safetensors file'), file);
      await writeModelFile(out, model);
      const { sizes } = model.network;
      process.stdout.write(`wrote ${out}: sizes ${sizes.join(',')}, ${describeActivations(model.network.activations)}, ${model.network.cost} cost${model.classes ? `, ${model.classes.length} classes` : ''}\n`);
    });
}
