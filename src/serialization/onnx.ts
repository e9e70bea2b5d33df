import { InputError } from '../common/errors.ts';
import { activationForms, layerActivationNames, type OnnxAttribute } from '../math/activations/index.ts';
import type { Model } from './modelFile.ts';
import { concatBytes, floatField, intField, messageField, stringField, bytesField } from './protobuf.ts';

/**
 * A nabla model as an ONNX file (https://github.com/onnx/onnx/blob/main/docs/IR.md) that ONNX
 * Runtime and the tools around it run: input "input" [N, n_1] float32, then (when the model
 * standardises its inputs) Sub mean and Div std, then per layer l = 2..L a Gemm, a^{l−1}
 * (w^l)^T + b^l (w^l is stored n_l × n_{l−1}, hence transB = 1), and σ's node; output
 * "output" [N, n_L]. Class names and sizes go in the metadata. Weights are float32, the
 * type every ONNX runtime runs.
 *
 * Field numbers are those of onnx/onnx.proto; opset 13, IR version 7.
 */

const IR_VERSION = 7;
const OPSET = 13;
const FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;

/** NodeProto: input 1, output 2, name 3, op_type 4, attribute 5. */
function node(opType: string, inputs: string[], output: string, attributes: readonly OnnxAttribute[] = []): Uint8Array {
  return concatBytes([
    ...inputs.map((input) => stringField(1, input)),
    stringField(2, output),
    stringField(3, output),
    stringField(4, opType),
    // AttributeProto: name 1, f 2, i 3, type 20.
    ...attributes.map((a) =>
      'float' in a
        ? messageField(5, stringField(1, a.name), floatField(2, a.float), intField(20, ATTRIBUTE_FLOAT))
        : messageField(5, stringField(1, a.name), intField(3, a.int), intField(20, ATTRIBUTE_INT)),
    ),
  ]);
}

/**
 * σ of each activation as an ONNX node, x → y: its definition's `onnx` operator and attributes
 * (src/math/activations), so an activation is exported as soon as it is defined.
 */
export const ONNX_ACTIVATIONS: Readonly<Record<string, (x: string, y: string) => Uint8Array>> = Object.fromEntries(
  layerActivationNames.map((name) => {
    const { op, attributes } = activationForms(name).onnx;
    return [name, (x: string, y: string) => node(op, [x], y, attributes)];
  }),
);

/** TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian float32). */
function tensor(name: string, dims: number[], values: ArrayLike<number>): Uint8Array {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return concatBytes([...dims.map((d) => intField(1, d)), intField(2, FLOAT), stringField(8, name), bytesField(9, raw)]);
}

/** ValueInfoProto: name 1, type 2 → TypeProto.tensor_type 1 → elem_type 1, shape 2 → dim 1 (dim_value 1 or dim_param 2). */
function valueInfo(name: string, width: number): Uint8Array {
  const shape = concatBytes([messageField(1, stringField(2, 'N')), messageField(1, intField(1, width))]);
  return concatBytes([stringField(1, name), messageField(2, messageField(1, intField(1, FLOAT), bytesField(2, shape)))]);
}

/** The activation of each layer l = 2..L. */
export function layerActivations(model: Model): string[] {
  return [...model.network.activations];
}

/** The ONNX file's bytes. */
export function modelToOnnx(model: Model, producerVersion: string): Uint8Array {
  const { network, normalization, classes } = model;
  const { sizes } = network;
  const L = sizes.length;
  const activations = layerActivations(model);
  for (const name of activations) {
    if (ONNX_ACTIVATIONS[name] === undefined) throw new InputError(`the activation '${name}' has no ONNX form in this nabla; export supports ${Object.keys(ONNX_ACTIVATIONS).join(', ')}`);
  }
  const nodes: Uint8Array[] = [];
  const initializers: Uint8Array[] = [];
  let a = 'input';
  if (normalization) {
    // x ← (x − mean) / std, as nabla does before layer 1.
    initializers.push(tensor('normalization.mean', [sizes[0]], normalization.mean), tensor('normalization.std', [sizes[0]], normalization.std));
    nodes.push(node('Sub', [a, 'normalization.mean'], 'centred'), node('Div', ['centred', 'normalization.std'], 'standardised'));
    a = 'standardised';
  }
  for (let l = 2; l <= L; l++) {
    const w = `w${l}`;
    const b = `b${l}`;
    initializers.push(tensor(w, [sizes[l - 1], sizes[l - 2]], network.weights[l]), tensor(b, [sizes[l - 1]], network.biases[l]));
    // z^l = a^{l−1} (w^l)^T + b^l for a batch of rows; a^l = σ(z^l).
    nodes.push(node('Gemm', [a, w, b], `z${l}`, [{ name: 'transB', int: 1 }]));
    const out = l === L ? 'output' : `a${l}`;
    nodes.push(ONNX_ACTIVATIONS[activations[l - 2]](`z${l}`, out));
    a = out;
  }
  // GraphProto: node 1, name 2, initializer 5, doc_string 10, input 11, output 12.
  const graph = concatBytes([
    ...nodes.map((n) => bytesField(1, n)),
    stringField(2, 'nabla'),
    ...initializers.map((t) => bytesField(5, t)),
    stringField(10, `a^L of the network ${sizes.join(',')} (${activations.join(', ')}), as nabla computes it`),
    messageField(11, valueInfo('input', sizes[0])),
    messageField(12, valueInfo('output', sizes[L - 1])),
  ]);
  const metadata: [string, string][] = [
    ['sizes', JSON.stringify(sizes)],
    ['activations', JSON.stringify(activations)],
    ['cost', network.cost],
  ];
  if (classes) metadata.push(['classes', JSON.stringify(classes)]);
  // ModelProto: ir_version 1, producer_name 2, producer_version 3, graph 7, opset_import 8 (domain 1, version 2), metadata_props 14 (key 1, value 2).
  return concatBytes([
    intField(1, IR_VERSION),
    stringField(2, 'nabla'),
    stringField(3, producerVersion),
    messageField(7, graph),
    messageField(8, stringField(1, ''), intField(2, OPSET)),
    ...metadata.map(([k, v]) => messageField(14, stringField(1, k), stringField(2, v))),
  ]);
}
