import { definitions } from './definitions.generated.ts';
import type { HyperParameter, StepConstants, UpdateRule } from './updateRule.ts';

/**
 * The update-rule registry. Adding a rule is one file in this folder (an `UpdateRule`, named
 * after it, declaring its hyper-parameters, and its counterpart in the AssemblyScript kernel);
 * `npm run build:wasm` lists the files in definitions.generated.ts, whose order is the codes'
 * (a kernel uses a rule's index as its code). The spec's fields, the defaults, the checks, the
 * CLI's flags and the playground's controls come from the rules' `hyper` lists.
 */
type Definition = (typeof definitions)[number];

export type { HyperParameter, StateArray, StepConstants, UpdateRule } from './updateRule.ts';
export { power } from './power.ts';

export type UpdateRuleName = Definition['name'];
export const updateRuleNames: readonly UpdateRuleName[] = definitions.map((r) => r.name);

/** The hyper-parameters' names over every rule: 'momentum', 'beta1', 'beta2', 'epsilon', … */
export type HyperParameterName = Definition['hyper'][number]['name'];

/**
 * The update rule of a kernel and its hyper-parameters (those of its rule: μ for momentum and
 * Nesterov; β₁, β₂, ε for Adam; see each rule's `hyper`); every field but `rule` has a default.
 * L2 and L1 apply to every rule: λ of C = C₀ + (λ/2n) Σ w² (weights only, as network2.py) and
 * of C = C₀ + (λ/n) Σ |w|, default 0.
 */
export type UpdateRuleSpec = { readonly rule: UpdateRuleName; readonly l2?: number; readonly l1?: number } & { readonly [K in HyperParameterName]?: number };

/** Every hyper-parameter once (rules that share one share the object), in the order rules declare them. */
export const hyperParameters: readonly HyperParameter<HyperParameterName>[] = [...new Set(definitions.flatMap((r): readonly HyperParameter<HyperParameterName>[] => r.hyper))];

/** The rules that have hyper-parameter `name`, e.g. ['momentum', 'nesterov'] for 'momentum'. */
export function rulesWith(name: HyperParameterName): UpdateRuleName[] {
  return definitions.filter((r) => r.hyper.some((h: HyperParameter) => h.name === name)).map((r) => r.name);
}

/** The defaults: every hyper-parameter's, and λ₂ = λ₁ = 0. */
export const UPDATE_DEFAULTS: Readonly<Record<HyperParameterName | 'l2' | 'l1', number>> = {
  ...(Object.fromEntries(hyperParameters.map((h) => [h.name, h.default])) as Record<HyperParameterName, number>),
  l2: 0,
  l1: 0,
};

/** Every field filled in. */
export type FullUpdateRuleSpec = Required<UpdateRuleSpec>;

export function fullUpdateSpec(spec: UpdateRuleSpec | undefined): FullUpdateRuleSpec {
  return { ...UPDATE_DEFAULTS, rule: 'sgd', ...stripUndefined(spec ?? {}) } as FullUpdateRuleSpec;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const byName = new Map<string, UpdateRule>(definitions.map((r) => [r.name, r]));

export function getUpdateRule(name: UpdateRuleName): UpdateRule {
  const rule = byName.get(name);
  if (rule === undefined) throw new RangeError(`unknown update rule '${String(name)}'; choose one of ${updateRuleNames.join(', ')}`);
  return rule;
}

export function isUpdateRuleName(name: unknown): name is UpdateRuleName {
  return typeof name === 'string' && byName.has(name);
}

/** Its index in updateRuleNames: the code a WebAssembly kernel's plan stores for it. */
export function updateRuleCode(name: UpdateRuleName): number {
  return updateRuleNames.indexOf(name);
}

/** The constants of one step: η, m, the 1-based global step t, the rule's hyper-parameters and its perStep constants. */
export function stepConstants(spec: FullUpdateRuleSpec, eta: number, m: number, t: number): StepConstants {
  const rule = getUpdateRule(spec.rule);
  const hyper: Record<string, number> = {};
  for (const h of rule.hyper) hyper[h.name] = (spec as unknown as Readonly<Record<string, number>>)[h.name];
  return { ...hyper, ...(rule.perStep?.(hyper, t) ?? {}), eta, m, etaOverM: eta / m, t };
}

const RANGES: Readonly<Record<HyperParameter['range'], { readonly ok: (x: number) => boolean; readonly says: string }>> = {
  unit: { ok: (x) => x >= 0 && x < 1, says: 'in [0, 1)' },
  positive: { ok: (x) => x > 0, says: 'a positive number' },
};

/** Whether `value` is in the hyper-parameter's range; what the range is. */
export function hyperRange(h: HyperParameter): { readonly ok: (x: number) => boolean; readonly says: string } {
  return RANGES[h.range];
}

/** Checks the hyper-parameters' ranges; throws a RangeError naming the first that is out. */
export function checkUpdateSpec(spec: UpdateRuleSpec): void {
  if (!isUpdateRuleName(spec.rule)) throw new RangeError(`unknown update rule '${String(spec.rule)}'; choose one of ${updateRuleNames.join(', ')}`);
  const full = fullUpdateSpec(spec) as unknown as Readonly<Record<string, number>>;
  const inRange = (name: string, value: number, ok: boolean, range: string): void => {
    if (!Number.isFinite(value) || !ok) throw new RangeError(`${name} must be ${range}, got ${value}`);
  };
  for (const h of hyperParameters) inRange(h.description, full[h.name], hyperRange(h).ok(full[h.name]), hyperRange(h).says);
  inRange('the L2 λ', full.l2, full.l2 >= 0, 'a number ≥ 0');
  inRange('the L1 λ', full.l1, full.l1 >= 0, 'a number ≥ 0');
}
