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
  // Listed by `nabla --help` in this order: what a newcomer runs first, first.
  registerTrain(program);
  registerEvaluate(program);
  registerPredict(program);
  registerInit(program);
  registerExplain(program);
  registerGradcheck(program);
  registerExport(program);
  registerImport(program);
  registerPlayground(program);
}
