import { adamRule } from './adam.ts';
import { momentumRule } from './momentum.ts';
import { nesterovRule } from './nesterov.ts';
import { sgdRule } from './sgd.ts';
import type { StepConstants, UpdateRule } from './updateRule.ts';

/**
 * The update-rule registry. Adding a rule is one file in this folder (an `UpdateRule`, and its
 * counterpart in the AssemblyScript kernel) and one entry below. The order is fixed: a kernel
 * may use a rule's index as its code.
 */
const definitions = [sgdRule, momentumRule, nesterovRule, adamRule] as const;

export type { StateArray, StepConstants, UpdateRule } from './updateRule.ts';

export const updateRuleNames = ['sgd', 'momentum', 'nesterov', 'adam'] as const;
export type UpdateRuleName = (typeof updateRuleNames)[number];

/** The update rule of a kernel and its hyper-parameters; every field but `rule` has a default. */
export interface UpdateRuleSpec {
  readonly rule: UpdateRuleName;
  /** μ for momentum and Nesterov (default 0.9) */
  readonly momentum?: number;
  /** Adam's β₁ (default 0.9), β₂ (default 0.999), ε (default 1e-8) */
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  /** λ of L2 regularisation, C = C₀ + (λ/2n) Σ w² (default 0; weights only, as network2.py) */
  readonly l2?: number;
  /** λ of L1 regularisation, C = C₀ + (λ/n) Σ |w| (default 0; weights only) */
  readonly l1?: number;
}

export const UPDATE_DEFAULTS = { momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, l2: 0, l1: 0 } as const;

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
  return typeof name === 'string' && (updateRuleNames as readonly string[]).includes(name);
}

/** Its index in updateRuleNames: the code a WebAssembly kernel's plan stores for it. */
export function updateRuleCode(name: UpdateRuleName): number {
  return updateRuleNames.indexOf(name);
}

/** The constants of one step: η, m and the 1-based global step t (Adam's bias correction). */
export function stepConstants(spec: FullUpdateRuleSpec, eta: number, m: number, t: number): StepConstants {
  return {
    eta,
    m,
    etaOverM: eta / m,
    momentum: spec.momentum,
    beta1: spec.beta1,
    beta2: spec.beta2,
    epsilon: spec.epsilon,
    correction1: 1 - power(spec.beta1, t),
    correction2: 1 - power(spec.beta2, t),
  };
}

/**
 * x^t for a whole t ≥ 0 by squaring: multiplications only, which every engine rounds alike
 * (Math.pow may differ by an ulp between V8 versions, and the kernels must give the same bits
 * in Node and the browser, and as the reference).
 */
export function power(x: number, t: number): number {
  let result = 1;
  let base = x;
  for (let e = Math.floor(t); e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result *= base;
    base *= base;
  }
  return result;
}

/** Checks the hyper-parameters' ranges; throws a RangeError naming the first that is out. */
export function checkUpdateSpec(spec: UpdateRuleSpec): void {
  if (!isUpdateRuleName(spec.rule)) throw new RangeError(`unknown update rule '${String(spec.rule)}'; choose one of ${updateRuleNames.join(', ')}`);
  const full = fullUpdateSpec(spec);
  const inRange = (name: string, value: number, ok: boolean, range: string): void => {
    if (!Number.isFinite(value) || !ok) throw new RangeError(`${name} must be ${range}, got ${value}`);
  };
  inRange('the momentum μ', full.momentum, full.momentum >= 0 && full.momentum < 1, 'in [0, 1)');
  inRange('β₁', full.beta1, full.beta1 >= 0 && full.beta1 < 1, 'in [0, 1)');
  inRange('β₂', full.beta2, full.beta2 >= 0 && full.beta2 < 1, 'in [0, 1)');
  inRange('ε', full.epsilon, full.epsilon > 0, 'a positive number');
  inRange('the L2 λ', full.l2, full.l2 >= 0, 'a number ≥ 0');
  inRange('the L1 λ', full.l1, full.l1 >= 0, 'a number ≥ 0');
}
