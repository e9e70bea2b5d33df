#!/usr/bin/env node
import { main } from './main.ts';

// The entry point of the `nabla` binary (bin/nabla.js imports the compiled form of this file).

// A reader that goes away (`nabla train --save m.json | head -1`) stops the printing, not the
// work: every later write to the closed pipe fails here, quietly, while the command goes on to
// write the model and report it was asked for, and its exit status says how that went.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

process.exitCode = await main(process.argv.slice(2));
