import type { Command } from 'commander';
import { registerEvaluate } from './evaluate.ts';
import { registerExplain } from './explain.ts';
import { registerExport } from './export.ts';
import { registerGradcheck } from './gradcheck.ts';
import { registerImport } from './import.ts';
import { registerInit } from './init.ts';
import { registerPlayground } from './playground.ts';
import { registerPredict } from './predict.ts';
import { registerTrain } from './train.ts';

/** Adds every nabla command to the program. One file per command. */
export function registerCommands(program: Command): void {
  registerInit(program);
  registerExplain(program);
  registerPredict(program);
  registerGradcheck(program);
  registerTrain(program);
  registerEvaluate(program);
  registerExport(program);
  registerImport(program);
  registerPlayground(program);
}
