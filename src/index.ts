// nabla's public API: re-exports only.
export { createRng, shuffleInPlace, type Rng } from './math/rng.ts';
export { sigmoid, sigmoidPrime, sigmoidActivation, getActivation, activationNames, type Activation, type ActivationName } from './math/activations.ts';
export { quadraticCost, getCost, costNames, type Cost, type CostName } from './math/costs.ts';
export { createNetwork, zeroNetwork, cloneNetwork, checkSizes, layerCount, type Network, type WeightInit, type CreateNetworkOptions } from './network/network.ts';
export { feedforward, feedforwardBatch } from './network/feedforward.ts';
export { backprop, type BackpropTrace } from './network/backprop.ts';
export type { Kernel, KernelFactory, KernelSpec, Dataset, ResidentDataset, DType, FloatArray } from './kernels/kernel.ts';
export { createReferenceKernel, referenceKernelFactory } from './kernels/reference.ts';
export { train, type TrainOptions, type TrainResult, type EpochReport, type BatchProgress } from './training/sgd.ts';
export { evaluate, scoreOutputs, argmaxRow, type Evaluation } from './training/evaluate.ts';
export { gradientCheck, type GradientCheckResult, type GradientCheckOptions } from './training/gradcheck.ts';
export { parseModel, serializeModel, modelToJson, modelFromJson, MODEL_FORMAT, MODEL_VERSION, type Model, type ModelFileV1, type Normalization } from './serialization/modelFile.ts';
export { InputError } from './data/errors.ts';
