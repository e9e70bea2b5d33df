import { power } from '../../math/updateRules/index.ts';
import { H_BETA2_64, H_C1_64, H_C2_64, H_EPS64, H_ETA64, H_L1N64, H_L2N64, H_MU64, H_STEP64, RULE_CODES } from './layout.ts';

/**
 * The update rule's side of a WebAssembly kernel's plan: which rule (a code, written once),
 * how many state arrays it keeps, and the constants each step writes into the plan's header
 * for assembly/rule.ts.
 */
export interface RuleSettings {
  readonly rule: keyof typeof RULE_CODES;
  readonly momentum: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly l2: number;
  readonly l1: number;
}

/** State arrays per parameter array: none for SGD, a velocity, or Adam's two moments. */
export function stateCount(rule: RuleSettings['rule']): number {
  return rule === 'sgd' ? 0 : rule === 'adam' ? 2 : 1;
}

/**
 * Writes one step's constants into the header whose float64 words start at f64 index `h64`:
 * η/m for SGD's fused update (its bits as before rules existed), η/(mμ) for momentum's (the
 * loops add into the velocity: assembly/rule.ts, fusedMomentum), or −1/m, which makes the same
 * loops sum the mean gradient Σ/m for the other rules; η, λ₂/n, λ₁/n; μ or β₁, β₂, ε and Adam's
 * bias corrections 1 − β₁^t, 1 − β₂^t for the 1-based step t.
 */
export function writeStepConstants(f64: Float64Array, h64: number, s: RuleSettings, eta: number, m: number, n: number, t: number): void {
  f64[h64 + H_STEP64] = s.rule === 'sgd' ? eta / m : s.rule === 'momentum' && s.momentum !== 0 ? eta / (m * s.momentum) : -1 / m;
  f64[h64 + H_ETA64] = eta;
  f64[h64 + H_L2N64] = s.l2 / n;
  f64[h64 + H_L1N64] = s.l1 / n;
  f64[h64 + H_MU64] = s.rule === 'adam' ? s.beta1 : s.momentum;
  f64[h64 + H_BETA2_64] = s.beta2;
  f64[h64 + H_EPS64] = s.epsilon;
  f64[h64 + H_C1_64] = 1 - power(s.beta1, t);
  f64[h64 + H_C2_64] = 1 - power(s.beta2, t);
}

// x^t by squaring, defined once beside the update rules (the reference kernel uses it too).
export { power } from '../../math/updateRules/index.ts';
