#!/usr/bin/env node
import { main } from './main.ts';

// The entry point of the `nabla` binary (bin/nabla.js imports the compiled form of this file).

// A reader that goes away (`nabla predict ... | head`) ends the output quietly, not with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
