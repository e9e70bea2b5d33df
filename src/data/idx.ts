import { formatBytes, formatLimit, MAX_IDX_BYTES } from '../common/limits.ts';
import { InputError } from '../common/errors.ts';

/**
 * The IDX format of the MNIST files:
 *
 *   bytes 0–1   0x00 0x00
 *   byte  2     data type: 0x08 unsigned byte (the only one MNIST uses)
 *   byte  3     number of dimensions n
 *   4n bytes    the size of each dimension, big-endian uint32
 *   then        the data, row-major (last dimension fastest)
 *
 * So labels start with the magic number 0x00000801 (one dimension) and images with
 * 0x00000803 (count × rows × columns).
 */
export interface Idx {
  readonly dims: number[];
  /** The data bytes: a view into the bytes given to `parseIdx`, not a copy. */
  readonly data: Uint8Array;
}

const TYPE_NAMES: Readonly<Record<number, string>> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

const hex = (byte: number): string => `0x${byte.toString(16).padStart(2, '0')}`;

/**
 * The length an IDX file must have (header and data) by its header, read from the first
 * bytes of it: undefined while `prefix` is too short to tell, NaN when the bytes are not an
 * unsigned-byte IDX header (parseIdx then says why). This lets a gzipped file be
 * decompressed only as far as its header allows.
 */
export function idxDeclaredLength(prefix: Uint8Array): number | undefined {
  if (prefix.length < 4) return undefined;
  if (prefix[0] !== 0 || prefix[1] !== 0 || prefix[2] !== 0x08 || prefix[3] === 0) return NaN;
  const headerLength = 4 + 4 * prefix[3];
  if (prefix.length < headerLength) return undefined;
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  let dataLength = 1;
  for (let i = 0; i < prefix[3]; i++) dataLength *= view.getUint32(4 + 4 * i, false);
  return headerLength + dataLength;
}

/** Parses an unsigned-byte IDX file. `name` (a file name) goes into error messages. */
export function parseIdx(bytes: Uint8Array, name?: string): Idx {
  const fail = (message: string): never => {
    throw new InputError(message, { file: name ?? 'IDX data' });
  };
  if (bytes.length < 4) {
    fail(`not an IDX file: it is ${bytes.length} bytes long, shorter than the 4-byte magic number; use an MNIST-style IDX file`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const gz = bytes[0] === 0x1f && bytes[1] === 0x8b ? ' (it looks gzipped: decompress it first)' : '';
    fail(`not an IDX file: the first two bytes are ${hex(bytes[0])} ${hex(bytes[1])}, expected 0x00 0x00${gz}; use an MNIST-style IDX file such as train-images-idx3-ubyte`);
  }
  const type = bytes[2];
  if (type !== 0x08) {
    const known = TYPE_NAMES[type];
    fail(
      known === undefined
        ? `not an IDX file: unknown data type code ${hex(type)} in byte 2 (IDX uses 0x08, 0x09, 0x0b–0x0e); use an MNIST-style IDX file`
        : `IDX data type ${hex(type)} (${known}) is not supported: only unsigned bytes (0x08), as in the MNIST files, can be read`,
    );
  }
  const n = bytes[3];
  if (n === 0) fail('IDX header says the data has 0 dimensions (byte 3); expected 1 for labels or 3 for images');
  const headerLength = 4 + 4 * n;
  if (bytes.length < headerLength) {
    fail(`truncated: the header needs ${headerLength} bytes for its ${n} dimension sizes, the file has ${bytes.length}; download the file again`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let dataLength = 1;
  for (let i = 0; i < n; i++) {
    const size = view.getUint32(4 + 4 * i, false);
    dims.push(size);
    dataLength *= size;
  }
  const available = bytes.length - headerLength;
  const shape = dims.join('×');
  if (dataLength > MAX_IDX_BYTES) {
    fail(`the header declares ${shape} = ${formatLimit(dataLength)} bytes of data, more than nabla's limit of ${formatBytes(MAX_IDX_BYTES)} for one IDX file; check that this is an MNIST-style file`);
  }
  if (available < dataLength) {
    fail(`truncated: expected ${dataLength} bytes of data (${shape}) after the ${headerLength}-byte header, found ${available}; download the file again`);
  }
  if (available > dataLength) {
    fail(`${available - dataLength} unexpected bytes after the data: the header says ${shape} = ${dataLength} bytes, the file has ${available}; check that this is the right file, or download it again`);
  }
  return { dims, data: bytes.subarray(headerLength) };
}
