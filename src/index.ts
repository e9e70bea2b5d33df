// nabla's public API: re-exports only.
export { createRng, shuffleInPlace, type Rng } from './math/rng.ts';
export {
  sigmoid, sigmoidPrime, sigmoidActivation, softmax, getActivation, getLayerActivation, activationForms, isLayerActivationName, activationNames, layerActivationNames,
  type Activation, type ActivationForms, type LayerActivation, type ActivationName, type LayerActivationName,
} from './math/activations/index.ts';
export { quadraticCost, crossEntropyCost, logLikelihoodCost, getCost, isCostName, costNames, costAccepts, type Cost, type CostName } from './math/costs/index.ts';
export { getUpdateRule, updateRuleNames, isUpdateRuleName, hyperParameters, rulesWith, UPDATE_DEFAULTS, type UpdateRule, type UpdateRuleName, type UpdateRuleSpec, type HyperParameter, type HyperParameterName } from './math/updateRules/index.ts';
export { dropoutHash, dropoutThreshold, dropoutKeeps } from './math/dropout.ts';
export { weightInitNames, getInitialiser, type Initialiser } from './math/initialisers.ts';
export { normalizeSpec, describeSpec } from './kernels/spec.ts';
export { createNetwork, zeroNetwork, zeroLayeredNetwork, cloneNetwork, checkSizes, layerCount, type Network, type WeightInit, type CreateNetworkOptions } from './network/network.ts';
export { layerShapes, shapeSize, describeLayer, isDenseOnly, type Layer, type LayerType, type ConvLayer, type PoolLayer, type DenseLayer, type Shape } from './network/layers.ts';
export { convLayer, poolLayer, denseLayer, layerSteps, layerTypeOf, windowMaximum, type LayerStep, type LayerType as LayerDefinition } from './network/layerTypes/index.ts';
export { feedforward, feedforwardBatch } from './network/feedforward.ts';
export { backprop, type BackpropTrace } from './network/backprop.ts';
export type { Kernel, KernelFactory, KernelSpec, KernelSpecInput, TrainStep, UpdateState, Dataset, ResidentDataset, DType, FloatArray } from './kernels/kernel.ts';
export { createReferenceKernel, referenceKernelFactory } from './kernels/reference.ts';
export { parseSchedule, describeSchedule, ScheduleState, type Schedule } from './training/schedules.ts';
export { train, type TrainOptions, type TrainResult, type EpochReport, type BatchProgress } from './training/sgd.ts';
export { evaluate, scoreOutputs, argmaxRow, type Evaluation } from './training/evaluate.ts';
export { gradientCheck, type GradientCheckResult, type GradientCheckOptions } from './training/gradcheck.ts';
export { parseModel, serializeModel, modelToJson, modelFromJson, MODEL_FORMAT, MODEL_VERSION, MODEL_VERSION_LAYERS, type Model, type ModelFileV1, type ModelFileV2, type ModelFileV3, type Normalization, type Task } from './serialization/modelFile.ts';
export { InputError } from './common/errors.ts';
export { createKernel, availableKernels, kernelFactories, referenceFallbackNotice, type KernelName, type KernelChoice, type CreateKernelOptions } from './kernels/registry.ts';
export { parseIdx, type Idx } from './data/idx.ts';
export { mnistDataset, mnistFromIdx, MNIST_CLASSES, type MnistSets, type MnistIdx } from './data/mnist.ts';
export { oneHot, splitDataset } from './data/dataset.ts';
export { parseCsvDataset, parseCsvRows, type CsvDataset, type CsvDatasetOptions } from './data/csv.ts';
export { featureStatistics, standardize, standardizeRow, type FeatureStatistics } from './data/normalize.ts';
export { prepareDigit, type RgbaImage, type DigitOptions } from './data/digitImage.ts';
export { confusionMatrix, classMetrics, predictedClasses, type ClassMetrics } from './training/metrics.ts';
export { largestErrors, residualSummary, type ResidualSummary, type TargetResiduals } from './training/residuals.ts';
export { fit, fitWith, type FitEpoch, type KernelMaker } from './api/fit.ts';
export type { FitOptions } from './api/fitOptions.ts';
export type { FitData, Example, LabelledArrays, TargetArrays } from './api/fitData.ts';
export { TrainedModel, loadModel, type ModelScore } from './api/model.ts';
