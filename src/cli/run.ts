#!/usr/bin/env node
import { main } from './main.ts';

// The entry point of the `nabla` binary (bin/nabla.js imports the compiled form of this file).
process.exitCode = await main(process.argv.slice(2));
