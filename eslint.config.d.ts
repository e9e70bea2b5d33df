// Types for eslint.config.js, whose layer list test/lint/layers.test.ts checks.
export declare const layers: string[];
declare const config: unknown;
export default config;
