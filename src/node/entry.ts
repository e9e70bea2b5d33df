// `nabla` as Node imports it (the `node` condition of package.json's exports): the browser-safe
// API of index.ts, with fit() on Node's kernel choice (node/fit.ts) in place of createKernel's.
// A local export takes precedence over the same name from `export *`.
export * from '../index.ts';
export { fit } from './fit.ts';
