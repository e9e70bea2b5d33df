/**
 * The few Protocol Buffers encodings an ONNX file needs, written by hand so that nabla
 * depends on no protobuf library (https://protobuf.dev/programming-guides/encoding/).
 * A message is the concatenation of its fields; each field is a key (field number << 3 |
 * wire type) and a value: a varint (wire type 0), 4 little-endian bytes (5), or a length
 * and that many bytes (2: strings, bytes, nested messages, packed arrays).
 */

const VARINT = 0;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

/** A non-negative integer below 2^53 as a varint: 7 bits a byte, low first, high bit = more. */
export function varint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint: ${value} is not a non-negative safe integer`);
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Uint8Array.from(bytes);
}

function key(field: number, wireType: number): Uint8Array {
  return varint(field * 8 + wireType);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** An integer field (int32, int64, enum). */
export function intField(field: number, value: number): Uint8Array {
  return concatBytes([key(field, VARINT), varint(value)]);
}

/** A float field: 4 little-endian bytes. */
export function floatField(field: number, value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setFloat32(0, value, true);
  return concatBytes([key(field, FIXED32), bytes]);
}

/** A bytes field, or a nested message given as its encoded fields. */
export function bytesField(field: number, value: Uint8Array): Uint8Array {
  return concatBytes([key(field, LENGTH_DELIMITED), varint(value.length), value]);
}

export function stringField(field: number, value: string): Uint8Array {
  return bytesField(field, new TextEncoder().encode(value));
}

/** A nested message from its fields. */
export function messageField(field: number, ...fields: Uint8Array[]): Uint8Array {
  return bytesField(field, concatBytes(fields));
}
