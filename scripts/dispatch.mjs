// Writes src/kernels/wasm/assembly/dispatch.generated.ts: every switch of the AssemblyScript on
// an activation's, a cost's or an update rule's code, from the registries (src/math/*/
// definitions.generated.ts, in code order) and the naming convention of the counterparts'
// files (docs/architecture.md, "Adding an activation, a cost or an update rule"):
//
//   assembly/activations/<name>.ts  element-wise: <name><T>(z: v128): v128, σ(z) with no
//                                   subnormal lane (flushed where σ can make one), and
//                                   <name>Times<T>(acc: v128, a: v128): v128, acc ⊙ σ'(z) from
//                                   a = σ(z); not element-wise (softmax): <name>Row<T>(row: usize, n: i32)
//   assembly/costs/<name>.ts        <name>Delta<T>(a: v128, y: v128, act: i32): v128, δ^L
//   assembly/updateRules/<name>.ts  <name>Step<T>(p: v128, g: v128, <one address per state
//                                   array>, eta: v128, <one v128 per kernel constant>): v128
//
// Every switch ends in unreachable(): a code with no branch traps, it never computes another
// function. The loops that the switches call once per code (…With, …For) stay in the
// hand-written files; the switches sit outside them, as they did when written by hand, so
// each code gets its own copy of a loop with no test in it. `npm run build:wasm` runs this
// (under tsx: it reads the TypeScript definitions).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { definitionFiles, registries } from './registry.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const assembly = join(root, 'src/kernels/wasm/assembly');
const output = join(assembly, 'dispatch.generated.ts');

/** The loops' switches: the exported function, the loop it calls with a constant code, its file, its parameters, and which codes. */
const LOOPS = [
  { name: 'activateRows', callee: 'activateRowsWith', from: './activation', over: 'layer', doc: 'a = σ(z) in place for m rows (`outStride` bytes apart) of n neurons, by layer code `act`.', params: ['out: usize', 'outStride: usize', 'n: i32', 'm: i32', 'act: i32'] },
  { name: 'hiddenDelta', callee: 'hiddenDeltaWith', from: './deltas', over: 'element-wise and factor', doc: "(5) for layer l, by its activation's code `act` (A_FACTOR with dropout: dropout.ts).", params: ['wNext: usize', 'nNext: i32', 'dNext: usize', 'nextStride: usize', 'aL: usize', 'rowStride: usize', 'n: i32', 'd: usize', 'c: usize', 'm: i32', 'negStep: v128', 'act: i32'] },
  { name: 'outputDelta', callee: 'outputDeltaWith', from: './deltas', over: 'cost and output', doc: "(4) δ^L, by the cost's code and the output layer's activation's (the pairs the costs' definitions accept: outputs).", params: ['aL: usize', 'rowStride: usize', 'nL: i32', 'd: usize', 'c: usize', 'targets: usize', 'order: usize', 'm: i32', 'negStep: v128', 'cost: i32', 'act: i32'] },
  { name: 'dropLayerAs', callee: 'dropLayerWith', from: './dropout', over: 'element-wise', doc: "Dropout for hidden layer l on thread tid, by its activation's code `act`.", params: ['plan: usize', 'tid: i32', 'l: i32', 'act: i32'] },
  { name: 'convForward', callee: 'convForwardWith', from: './conv', over: 'element-wise', doc: "(1) for a conv layer, one example, by its activation's code `act`.", params: ['aIn: usize', 'hIn: i32', 'wpIn: i32', 'cIn: i32', 'w: usize', 'kh: i32', 'kw: i32', 'kwp: i32', 'b: usize', 'f: i32', 'out: usize', 'hOut: i32', 'wOut: i32', 'wpOut: i32', 'act: i32'] },
  { name: 'listDeltas', callee: 'listDeltasWith', from: './conv', over: 'element-wise', doc: "A conv layer's nonzero errors, one example, by its activation's code `act`.", params: ['raw: usize', 'arg: usize', 'hRaw: i32', 'wRaw: i32', 'wpRaw: i32', 'aOut: usize', 'f: i32', 'hOut: i32', 'wpOut: i32', 'wpIn: i32', 'deltas: usize', 'offsets: usize', 'starts: usize', 'act: i32'] },
  { name: 'applyRule', callee: 'applyRuleFor', from: './rule', over: 'rule', doc: "One pass of the update rule of code `rule` over a parameter array (rule.ts: applyRuleFor).", params: ['plan: usize', 'rule: i32', 'p: usize', 'g: usize', 's1: usize', 's2: usize', 'bytes: usize', 'rowBytes: usize', 'used: usize', 'weights: bool'] },
];

/** 'leaky-relu' → 'LEAKY_RELU' (as src/kernels/wasm/layout.ts: constantCase). */
const constantCase = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toUpperCase();

/** The registry's members in code order: definition, file stem, code constant. */
async function members(registry, prefix) {
  const stems = definitionFiles(registry);
  const { definitions } = await import(join(root, registry.folder, 'definitions.generated.ts'));
  return definitions.map((definition, i) => ({ definition, stem: stems[i], code: `${prefix}_${constantCase(definition.name)}` }));
}

/** Checks that `folder/<stem>.ts` exists and exports each function; says what to write if not. */
function requireExports(folder, stem, names, what) {
  const file = join(assembly, folder, `${stem}.ts`);
  const relative = `src/kernels/wasm/assembly/${folder}/${stem}.ts`;
  if (!existsSync(file)) throw new Error(`${what} has no AssemblyScript counterpart: write ${relative}, exporting ${names.join(' and ')} (docs/architecture.md)`);
  const text = readFileSync(file, 'utf8');
  const missing = names.filter((name) => !new RegExp(`export function ${name}<`).test(text));
  if (missing.length > 0) throw new Error(`${relative} does not export ${missing.join(' and ')} (docs/architecture.md, "Adding an activation, a cost or an update rule")`);
}

/** `if (code == A) …; else if …; else unreachable();` as statements, one branch per code. */
function ladder(variable, codes, statement, indent = '  ') {
  if (codes.length === 0) return [`${indent}unreachable();`];
  return [...codes.map((code, i) => `${indent}${i === 0 ? '' : 'else '}if (${variable} == ${code}) ${statement(code)}`), `${indent}else unreachable();`];
}

/** The call of a loop's callee with `code` for its code parameter `variable`. */
function call(loop, replace) {
  const args = loop.params.map((p) => p.split(':')[0]).map((name) => replace[name] ?? name);
  return `${loop.callee}<T>(${args.join(', ')});`;
}

export async function writeDispatch() {
  const [activationRegistry, costRegistry, ruleRegistry] = registries;
  const activations = await members(activationRegistry, 'A');
  const costs = await members(costRegistry, 'C');
  const rules = await members(ruleRegistry, 'R');
  const { RULE_CONSTANTS } = await import(join(root, 'src/kernels/wasm/layout.ts'));
  const { fullUpdateSpec, stepConstants } = await import(join(root, 'src/math/updateRules/index.ts'));

  const elementWise = activations.filter((a) => 'fn' in a.definition);
  const rowWise = activations.filter((a) => !('fn' in a.definition));
  for (const a of elementWise) requireExports('activations', a.stem, [a.stem, `${a.stem}Times`], `the activation '${a.definition.name}'`);
  for (const a of rowWise) requireExports('activations', a.stem, [`${a.stem}Row`], `the activation '${a.definition.name}'`);
  for (const c of costs) requireExports('costs', c.stem, [`${c.stem}Delta`], `the cost '${c.definition.name}'`);
  for (const r of rules) requireExports('updateRules', r.stem, [`${r.stem}Step`], `the update rule '${r.definition.name}'`);

  // how many constants each rule's step takes: its kernelConstants at the defaults
  for (const r of rules) {
    r.constants = r.definition.kernelConstants(stepConstants(fullUpdateSpec({ rule: r.definition.name }), 1, 1, 1)).length;
    if (r.constants > RULE_CONSTANTS) throw new Error(`the update rule '${r.definition.name}' has ${r.constants} kernel constants; the plan holds ${RULE_CONSTANTS} (src/kernels/wasm/layout.ts: RULE_K)`);
  }
  const ks = Array.from({ length: RULE_CONSTANTS }, (_, i) => `k${i}`);
  // the state arrays' addresses applyRuleWith passes (the descriptors' S1W, S2W: two at most)
  const states = ['s1', 's2'];
  for (const r of rules) if (r.definition.stateCount > states.length) throw new Error(`the update rule '${r.definition.name}' keeps ${r.definition.stateCount} state arrays; the kernels hold at most ${states.length}`);

  const outputsOf = (cost) => (cost.definition.outputs === 'element-wise' ? elementWise : activations.filter((a) => cost.definition.outputs.includes(a.definition.name)));
  const loopCodes = {
    layer: activations.map((a) => a.code),
    'element-wise': elementWise.map((a) => a.code),
    'element-wise and factor': [...elementWise.map((a) => a.code), 'A_FACTOR'],
    rule: rules.map((r) => r.code),
  };
  const loopLines = (loop) => {
    const head = [`/** ${loop.doc} */`, `export function ${loop.name}<T>(${loop.params.join(', ')}): void {`];
    if (loop.over === 'cost and output') {
      const body = costs.flatMap((c, i) => [`  ${i === 0 ? '' : 'else '}if (cost == ${c.code}) {`, ...ladder('act', outputsOf(c).map((a) => a.code), (code) => call(loop, { cost: c.code, act: code }), '    '), '  }']);
      return [...head, ...body, '  else unreachable();', '}', ''];
    }
    const variable = loop.over === 'rule' ? 'rule' : 'act';
    return [...head, ...ladder(variable, loopCodes[loop.over], (code) => call(loop, { [variable]: code })), '}', ''];
  };

  const codes = [...activations.map((a) => a.code), 'A_FACTOR', ...costs.map((c) => c.code), ...rules.map((r) => r.code)];
  const imports = [
    ...elementWise.map((a) => `import { ${a.stem}, ${a.stem}Times } from './activations/${a.stem}';`),
    ...rowWise.map((a) => `import { ${a.stem}Row } from './activations/${a.stem}';`),
    ...costs.map((c) => `import { ${c.stem}Delta } from './costs/${c.stem}';`),
    ...rules.map((r) => `import { ${r.stem}Step } from './updateRules/${r.stem}';`),
    ...[...new Set(LOOPS.map((l) => l.from))].map((from) => `import { ${LOOPS.filter((l) => l.from === from).map((l) => l.callee).join(', ')} } from '${from}';`),
  ];
  const valueLadder = (variable, entries) => [...entries.map(([code, expression]) => `  if (${variable} == ${code}) return ${expression};`), '  return unreachable();'];
  const lines = [
    '// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)',
    '// Generated by scripts/dispatch.mjs (npm run build:wasm) from the registries (src/math/*/definitions.generated.ts)',
    '// and the files of assembly/activations/, costs/ and updateRules/: every switch on an activation\'s, a cost\'s or',
    "// an update rule's code. Each ends in unreachable(): a code with no branch traps. Do not edit.",
    '',
    `import { ${codes.join(', ')} } from './layout.generated';`,
    ...imports,
    '',
    '// ---- one vector, for a constant code (called from @inline loops that get one copy per code) ----',
    '',
    '/** σ(z) for the element-wise activation of code `act`, with no subnormal lane. */',
    '@inline export function activate<T>(z: v128, act: i32): v128 {',
    ...valueLadder('act', elementWise.map((a) => [a.code, `${a.stem}<T>(z)`])),
    '}',
    '',
    "/** acc ⊙ σ'(z), σ' from a = σ(z), for the activation of code `act`; for A_FACTOR (dropout.ts) `a` is σ'(z) times the neuron's dropout factor already. */",
    '@inline export function primeTimes<T>(acc: v128, a: v128, act: i32): v128 {',
    ...valueLadder('act', [['A_FACTOR', 'v128.mul<T>(acc, a)'], ...elementWise.map((a) => [a.code, `${a.stem}Times<T>(acc, a)`])]),
    '}',
    '',
    '/** Is the activation of code `act` computed a whole row at a time (softmax), not element-wise? */',
    '@inline export function isRowActivation(act: i32): bool {',
    `  return ${rowWise.length === 0 ? 'false' : rowWise.map((a) => `act == ${a.code}`).join(' || ')};`,
    '}',
    '',
    '/** The row-wise activation of code `act` over one row of n values, in place. */',
    '@inline export function activateRow<T>(row: usize, n: i32, act: i32): void {',
    ...ladder('act', rowWise.map((a) => a.code), (code) => `${rowWise.find((a) => a.code === code).stem}Row<T>(row, n);`),
    '}',
    '',
    "/** δ^L for one vector of outputs a, targets y, by the cost's code and the output activation's. */",
    '@inline export function costDelta<T>(a: v128, y: v128, cost: i32, act: i32): v128 {',
    ...valueLadder('cost', costs.map((c) => [c.code, `${c.stem}Delta<T>(a, y, act)`])),
    '}',
    '',
    "/** The new p, for the rule of code `rule`: its state at s1, s2, η, and its kernel constants k0… splatted (rule.ts: applyRuleWith). */",
    `@inline export function ruleStep<T>(p: v128, g: v128, s1: usize, s2: usize, eta: v128, ${ks.map((k) => `${k}: v128`).join(', ')}, rule: i32): v128 {`,
    ...valueLadder('rule', rules.map((r) => [r.code, `${r.stem}Step<T>(${['p', 'g', ...states.slice(0, r.definition.stateCount), 'eta', ...ks.slice(0, r.constants)].join(', ')})`])),
    '}',
    '',
    '// ---- the loops, one copy per code ----',
    '',
    ...LOOPS.flatMap(loopLines),
  ];
  const text = lines.join('\n');
  if (!existsSync(output) || readFileSync(output, 'utf8') !== text) writeFileSync(output, text);
  return output;
}
