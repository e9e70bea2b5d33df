import { fullUpdateSpec, getUpdateRule, stepConstants, type FullUpdateRuleSpec } from '../../math/updateRules/index.ts';
import type { KernelSpec } from '../kernel.ts';
import { H_ETA64, H_L1N64, H_L2N64, H_RULE_K64, H_STEP64, RULE_CONSTANTS } from './layout.ts';

/**
 * The update rule's side of a WebAssembly kernel's plan: which rule (a code, written once),
 * how many state arrays it keeps (its definition's stateCount), and the constants each step
 * writes into the plan's header for assembly/rule.ts: its definition's kernelConstants, in
 * the header's rule slots (layout.ts: RULE_K).
 */
export type RuleSettings = FullUpdateRuleSpec;

/** The spec's update rule with every default filled in (src/math/updateRules: each rule's hyper-parameters). */
export function ruleSettingsOf(spec: KernelSpec): RuleSettings {
  return fullUpdateSpec(spec.update);
}

/** State arrays per parameter array: none for SGD, a velocity, or Adam's two moments. */
export function stateCount(rule: RuleSettings['rule']): number {
  return getUpdateRule(rule).stateCount;
}

/**
 * Writes one step's constants into the header whose float64 words start at f64 index `h64`:
 * η/m for SGD's fused update (its bits as before rules existed), η/(mμ) for momentum's (the
 * loops add into the velocity: assembly/rule.ts, fusedMomentum), or −1/m, which makes the same
 * loops sum the mean gradient Σ/m for the other rules; η, λ₂/n, λ₁/n; then the rule's own
 * constants for the 1-based step t (μ; β₁, β₂, ε and Adam's bias corrections 1 − β₁^t, 1 − β₂^t).
 */
export function writeStepConstants(f64: Float64Array, h64: number, s: RuleSettings, eta: number, m: number, n: number, t: number): void {
  f64[h64 + H_STEP64] = s.rule === 'sgd' ? eta / m : s.rule === 'momentum' && s.momentum !== 0 ? eta / (m * s.momentum) : -1 / m;
  f64[h64 + H_ETA64] = eta;
  f64[h64 + H_L2N64] = s.l2 / n;
  f64[h64 + H_L1N64] = s.l1 / n;
  const constants = getUpdateRule(s.rule).kernelConstants(stepConstants(s, eta, m, t));
  if (constants.length > RULE_CONSTANTS) throw new RangeError(`update rule ${s.rule} has ${constants.length} kernel constants; the plan holds ${RULE_CONSTANTS}`);
  f64.set(constants, h64 + H_RULE_K64);
}

/**
 * writeStepConstants for one kernel, leaving a plan's header alone when it already holds this
 * step's constants. They change with η, m and n, and with t only for a rule with perStep
 * constants (Adam's bias corrections): building them (stepConstants' records) every step was
 * most of a step's JavaScript for a tiny data set (XOR: one batch of 4 an epoch) and cost a
 * cold process's compiler more than the rest of the step. The header keeps what was written:
 * only this class writes those slots (the WebAssembly code reads them).
 */
export class StepConstantsWriter {
  /** What each header (by its f64 index) holds: η, m, n. */
  private readonly written = new Map<number, readonly [number, number, number]>();
  private readonly settings: RuleSettings;
  /** Whether the constants change with t (the rule has perStep constants). */
  private readonly everyStep: boolean;

  constructor(settings: RuleSettings) {
    this.settings = settings;
    this.everyStep = getUpdateRule(settings.rule).perStep !== undefined;
  }

  write(f64: Float64Array, h64: number, eta: number, m: number, n: number, t: number): void {
    const held = this.written.get(h64);
    if (!this.everyStep && held !== undefined && held[0] === eta && held[1] === m && held[2] === n) return;
    writeStepConstants(f64, h64, this.settings, eta, m, n, t);
    this.written.set(h64, [eta, m, n]);
  }
}

// x^t by squaring, defined once beside the update rules (the reference kernel uses it too).
export { power } from '../../math/updateRules/index.ts';
