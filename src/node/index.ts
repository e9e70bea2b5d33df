// nabla/node: the parts that need Node (files, worker threads, V8 flags). Re-exports only.
export { createNodeKernel, availableNodeKernels, enableRelaxedSimd, type NodeKernelName, type NodeKernelChoice, type CreateNodeKernelOptions } from './kernels.ts';
export { loadMnist, packagedMnistDir } from './mnist.ts';
export { readIdxFile } from './idx.ts';
export { readPngDigit, decodePng } from './png.ts';
export { readModelFile, writeModelFile } from './modelIO.ts';
export { writeFileAtomic } from './atomicWrite.ts';
export { fit } from './fit.ts';
