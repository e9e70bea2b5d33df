import { InputError } from '../common/errors.ts';
import { activationForms, layerActivationNames, type OnnxAttribute } from '../math/activations/index.ts';
import { describeLayer } from '../network/layers.ts';
import { layerSteps } from '../network/layerTypes/index.ts';
import type { Model } from './modelFile.ts';
import { concatBytes, floatField, intField, messageField, stringField, bytesField } from './protobuf.ts';

/**
 * A nabla model as an ONNX file (https://github.com/onnx/onnx/blob/main/docs/IR.md) that ONNX
 * Runtime and the tools around it run: input "input" [N, n_1] float32, then (when the model
 * standardises its inputs) Sub mean and Div std, then per layer l = 2..L a Gemm, a^{l−1}
 * (w^l)^T + b^l (w^l is stored n_l × n_{l−1}, hence transB = 1), and σ's node; output
 * "output" [N, n_L]. Class names and sizes go in the metadata. Weights are float32, the
 * type every ONNX runtime runs. A conv net Reshapes its rows to [N, C, H, W], then has Conv
 * (weights (F, C, K_h, K_w)) and σ per conv layer, MaxPool per pool layer, Flatten before its
 * first dense layer, Gemm and σ per dense layer.
 *
 * Field numbers are those of onnx/onnx.proto; opset 13, IR version 7.
 */

const IR_VERSION = 7;
const OPSET = 13;
const FLOAT = 1; // TensorProto.DataType.FLOAT
const INT64 = 7; // TensorProto.DataType.INT64
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;

/** A definition's attributes (a float or an int), and the conv and pool nodes' lists of ints. */
type Attribute = OnnxAttribute | { readonly name: string; readonly ints: readonly number[] };

/** NodeProto: input 1, output 2, name 3, op_type 4, attribute 5. */
function node(opType: string, inputs: string[], output: string, attributes: readonly Attribute[] = []): Uint8Array {
  return concatBytes([
    ...inputs.map((input) => stringField(1, input)),
    stringField(2, output),
    stringField(3, output),
    stringField(4, opType),
    // AttributeProto: name 1, f 2, i 3, ints 8, type 20.
    ...attributes.map((a) =>
      'float' in a
        ? messageField(5, stringField(1, a.name), floatField(2, a.float), intField(20, ATTRIBUTE_FLOAT))
        : 'int' in a
          ? messageField(5, stringField(1, a.name), intField(3, a.int), intField(20, ATTRIBUTE_INT))
          : messageField(5, stringField(1, a.name), ...a.ints.map((i) => intField(8, i)), intField(20, ATTRIBUTE_INTS)),
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

/** An INT64 tensor (a Reshape's target shape), raw little-endian. */
function int64Tensor(name: string, values: readonly number[]): Uint8Array {
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return concatBytes([intField(1, values.length), intField(2, INT64), stringField(8, name), bytesField(9, raw)]);
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
  const steps = layerSteps(network);
  // A conv net takes the same flat rows; Reshape makes them [N, C, H, W] (channel first, as nabla holds them).
  let flat = true;
  for (let l = 2; l <= L; l++) {
    const { layer, input } = steps[l];
    const out = l === L ? 'output' : `a${l}`;
    if (layer.type !== 'dense' && flat) {
      initializers.push(int64Tensor('image_shape', [-1, input[2], input[0], input[1]]));
      nodes.push(node('Reshape', [a, 'image_shape'], 'image'));
      a = 'image';
      flat = false;
    }
    if (layer.type === 'pool') {
      // a^l_{c,j,k} = the window's maximum: MaxPool with stride P (its first maximum, as nabla's).
      nodes.push(node('MaxPool', [a], out, [{ name: 'kernel_shape', ints: layer.size }, { name: 'strides', ints: layer.size }]));
      a = out;
      continue;
    }
    if (layer.type === 'dense' && !flat) {
      // (channel, row, column) order, nabla's flat order.
      nodes.push(node('Flatten', [a], `flat${l}`, [{ name: 'axis', int: 1 }]));
      a = `flat${l}`;
      flat = true;
    }
    const w = `w${l}`;
    const b = `b${l}`;
    if (layer.type === 'conv') {
      // z^l_{f,j,k} = b^l_f + Σ_c Σ_{p,q} w^l_{f,c,p,q} a^{l−1}_{c,j+p,k+q}: ONNX's Conv is this correlation (stride 1, no padding).
      initializers.push(tensor(w, [layer.maps, input[2], layer.field[0], layer.field[1]], network.weights[l]), tensor(b, [layer.maps], network.biases[l]));
      nodes.push(node('Conv', [a, w, b], `z${l}`, [{ name: 'kernel_shape', ints: layer.field }]));
    } else {
      initializers.push(tensor(w, [sizes[l - 1], sizes[l - 2]], network.weights[l]), tensor(b, [sizes[l - 1]], network.biases[l]));
      // z^l = a^{l−1} (w^l)^T + b^l for a batch of rows; a^l = σ(z^l).
      nodes.push(node('Gemm', [a, w, b], `z${l}`, [{ name: 'transB', int: 1 }]));
    }
    nodes.push(ONNX_ACTIVATIONS[activations[l - 2]](`z${l}`, out));
    a = out;
  }
  if (!flat) {
    // A net that ends without a dense layer still gives flat rows.
    nodes.push(node('Flatten', [a], 'output', [{ name: 'axis', int: 1 }]));
  }
  // GraphProto: node 1, name 2, initializer 5, doc_string 10, input 11, output 12.
  const graph = concatBytes([
    ...nodes.map((n) => bytesField(1, n)),
    stringField(2, 'nabla'),
    ...initializers.map((t) => bytesField(5, t)),
    stringField(10, `a^L of the network ${network.layers ? `${network.inputShape!.join('x')},${network.layers.map(describeLayer).join(',')}` : sizes.join(',')} (${activations.join(', ')}), as nabla computes it`),
    messageField(11, valueInfo('input', sizes[0])),
    messageField(12, valueInfo('output', sizes[L - 1])),
  ]);
  const metadata: [string, string][] = [
    ['sizes', JSON.stringify(sizes)],
    ['activations', JSON.stringify(activations)],
    ['cost', network.cost],
    ...(network.inputShape && network.layers ? ([['inputShape', JSON.stringify(network.inputShape)], ['layers', JSON.stringify(network.layers)]] as [string, string][]) : []),
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
