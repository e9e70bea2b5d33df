/**
 * An update rule as an {initState, apply} pair: how one parameter p moves, given the batch's
 * summed gradient Σ_x ∂C_x/∂p. Gradients are computed once (formulas 4–7) by every kernel the
 * same way; the rule only applies them, so every rule composes with every cost and activation,
 * and with the regularisation term r. One definition per file in this folder, named after it
 * (adam.ts exports adamRule), with its counterpart in the AssemblyScript kernel
 * (src/kernels/wasm/assembly/updateRules/adam.ts); `npm run build:wasm` lists the files in
 * definitions.generated.ts.
 *
 * The mean gradient a rule follows is g = Σ_x ∂C_x/∂p / m + r, where r = ∂(regulariser)/∂p:
 * (λ₂/n) p for L2 and (λ₁/n) sgn p for L1 on weights, 0 on biases (see regularisation.ts).
 */
export interface UpdateRule<N extends string = string, K extends string = string> {
  readonly name: N;
  /**
   * Values of state kept per parameter (0 for SGD, 1 velocity for momentum and Nesterov,
   * 2 moments for Adam), each in its own array the size of the parameter array, all zero
   * at the start of training.
   */
  readonly stateCount: number;
  /**
   * The rule's hyper-parameters (μ; β₁, β₂, ε): the spec's fields, the CLI's flags and their
   * checks, the defaults, the playground's controls and the kernels' plan come from this list.
   */
  readonly hyper: readonly HyperParameter<K>[];
  /**
   * Constants of one step computed once from the hyper-parameters and the 1-based global step
   * t (Adam's bias corrections 1 − β₁^t, 1 − β₂^t), added to the StepConstants `apply` reads.
   */
  readonly perStep?: (hyper: Readonly<Record<string, number>>, t: number) => Readonly<Record<string, number>>;
  /**
   * The new value of parameter i, whose value is p and whose summed gradient over the batch
   * is `nablaSum`; reads and writes its state[s][i]. Stored state is read back from the array
   * (not kept in a float64 local) so that a float32 kernel uses the rounded value it stored.
   */
  apply(p: number, nablaSum: number, r: number, state: readonly StateArray[], i: number, h: StepConstants): number;
  /**
   * The float64 constants the AssemblyScript counterpart's step reads, in order, from the plan's
   * rule slots (src/kernels/wasm/layout.ts: H_RULE_K64), written once a step: the
   * hyper-parameters and what is computed from them once a step rather than per parameter.
   * They may depend on t only through perStep: a rule without perStep has its constants
   * written again only when η, m or n change (src/kernels/wasm/rules.ts: StepConstantsWriter).
   */
  kernelConstants(h: StepConstants): readonly number[];
  /** How explain and --help print the rule. */
  readonly formula: string;
  /** The rule in TeX, for the playground's stepper. */
  readonly tex: string;
}

/**
 * A hyper-parameter of an update rule. Two rules that share one (momentum's and Nesterov's μ,
 * Adam's and RMSprop's ε) use the same object, from hyperParameters.ts.
 */
export interface HyperParameter<K extends string = string> {
  /** The spec's field and the CLI's flag (--name, kebab-case), e.g. 'beta1'. */
  readonly name: K;
  /** As formulas write it: 'β₁'. */
  readonly symbol: string;
  /** What it is, for messages and help: 'the momentum μ', "Adam's β₁". */
  readonly description: string;
  /** In TeX: '\\beta_1'. */
  readonly tex: string;
  readonly default: number;
  /** 'unit': in [0, 1); 'positive': > 0. */
  readonly range: 'unit' | 'positive';
  /** Whether the CLI and the playground offer it (Adam's ε keeps its default: none of them does). */
  readonly flag: boolean;
}

export type StateArray = Float32Array | Float64Array;

/** What a step of every rule may need, computed once per mini-batch. */
export interface StepConstants {
  /** η */
  readonly eta: number;
  /** the batch size m */
  readonly m: number;
  /** η/m, computed once: plain SGD multiplies Σ by it (as every kernel did before rules existed) */
  readonly etaOverM: number;
  /** the 1-based global step t */
  readonly t: number;
  /** the rule's hyper-parameters by name (μ, β₁, …), and its perStep constants */
  readonly [name: string]: number;
}

/** Checks a definition's shape and keeps its names' literal types (for the registry's unions). */
export function defineRule<const N extends string, const K extends string = never>(definition: UpdateRule<N, K>): UpdateRule<N, K> {
  return definition;
}

export function defineHyperParameter<const K extends string>(hyper: HyperParameter<K>): HyperParameter<K> {
  return hyper;
}
