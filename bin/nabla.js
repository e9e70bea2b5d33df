#!/usr/bin/env node
// The nabla command line; the TypeScript sources are compiled to dist/ by `npm install` (prepare).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/run.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("nabla: the compiled CLI is missing (dist/cli/run.js); run 'npm install' or 'npm run build' in the nabla folder\n");
  process.exit(2);
}
await import(entry.href);
