/**
 * An activation σ as an {fn, prime} pair: each derivative sits beside its function
 * (formula 1 uses fn, formulas 4 and 5 use prime). One definition per file in this folder,
 * named after it (leakyRelu.ts exports leakyReluActivation), with its counterpart in the
 * AssemblyScript kernel (src/kernels/wasm/assembly/activations/leakyRelu.ts); `npm run
 * build:wasm` lists the files in definitions.generated.ts, and everything else (the names, the
 * kernels' codes and dispatch, the CLI's choices, the exporters, the playground) comes from
 * the definition.
 */
export interface Activation<N extends string = string> extends ActivationForms<N> {
  /** σ(z) */
  fn(z: number): number;
  /** σ'(z) */
  prime(z: number): number;
  /**
   * False where σ' jumps (ReLU's kink at 0): a finite difference that straddles the jump is
   * wrong, so the gradient check takes a much smaller step there.
   */
  readonly smooth: boolean;
  /** How explain prints σ and σ' (e.g. 'σ(z) = 1 / (1 + e^{−z})'). */
  readonly formula: { readonly fn: string; readonly prime: string };
}

/** An attribute of an ONNX node: a float or an integer. */
export type OnnxAttribute = { readonly name: string; readonly float: number } | { readonly name: string; readonly int: number };

/** What every activation, element-wise or not, tells the exporters and the views. */
export interface ActivationForms<N extends string = string> {
  readonly name: N;
  /** σ in TeX for the playground's stepper: σ(z) and σ'(z) ('' where no σ' is used). */
  readonly tex: { readonly fn: string; readonly prime: string };
  /** σ as an ONNX node (https://onnx.ai/onnx/operators/): its operator and attributes, opset 13. */
  readonly onnx: { readonly op: string; readonly attributes?: readonly OnnxAttribute[] };
  /** σ as a PyTorch module, Python source (e.g. 'nn.LeakyReLU(0.01)'). */
  readonly pytorch: string;
  /**
   * Constants the AssemblyScript counterpart reads, written once here: the build emits each as
   * `<NAME>_<KEY>: f64` into assembly/layout.generated.ts (leaky-relu's {SLOPE: 0.01} becomes
   * LEAKY_RELU_SLOPE).
   */
  readonly constants?: Readonly<Record<string, number>>;
}

/**
 * Softmax is the one activation that is not element-wise, a^L_j = e^{z^L_j} / Σ_k e^{z^L_k}:
 * it is allowed only as the output layer, where the cost that pairs with it (log-likelihood)
 * gives δ^L directly (δ^L = a^L − y), so no σ' is ever needed.
 */
export interface LayerActivation<N extends string = string> {
  readonly name: N;
  /** False for softmax: it cannot be a hidden layer, and a cost must name it to pair with it. */
  readonly elementWise: boolean;
  /** a[from..from+n) = σ(z[from..from+n)), one layer of one example. */
  layer(z: ArrayLike<number>, a: { [i: number]: number }, from: number, n: number): void;
}

/** A definition that is not element-wise (softmax): a whole-layer function and its forms. */
export type LayerActivationDefinition<N extends string = string> = LayerActivation<N> & ActivationForms<N>;

/** Checks a definition's shape and keeps its name's literal type (for the registry's name union). */
export function defineActivation<const N extends string>(definition: Activation<N>): Activation<N> {
  return definition;
}

export function defineLayerActivation<const N extends string>(definition: LayerActivationDefinition<N>): LayerActivationDefinition<N> {
  return definition;
}
