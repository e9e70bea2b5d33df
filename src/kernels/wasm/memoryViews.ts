import type { DType, FloatArray } from '../kernel.ts';

/**
 * Typed views over a WebAssembly kernel's linear memory, rebuilt after it grows (growing
 * detaches or outgrows the old ones): call `refresh` after anything that may grow it.
 */
export class MemoryViews {
  i32: Int32Array;
  u32: Uint32Array;
  f64: Float64Array;
  /** The kernel's dtype: Float32Array or Float64Array. */
  floats: FloatArray;
  private viewed: ArrayBuffer | SharedArrayBuffer;
  private viewedLength: number;

  private readonly memory: WebAssembly.Memory;
  private readonly dtype: DType;

  constructor(memory: WebAssembly.Memory, dtype: DType) {
    this.memory = memory;
    this.dtype = dtype;
    this.viewed = memory.buffer;
    this.viewedLength = memory.buffer.byteLength;
    this.i32 = new Int32Array(memory.buffer);
    this.u32 = new Uint32Array(memory.buffer);
    this.f64 = new Float64Array(memory.buffer);
    this.floats = dtype === 'float32' ? new Float32Array(memory.buffer) : new Float64Array(memory.buffer);
  }

  refresh(): void {
    const buffer = this.memory.buffer;
    if (buffer === this.viewed && buffer.byteLength === this.viewedLength) return;
    this.viewed = buffer;
    this.viewedLength = buffer.byteLength;
    this.i32 = new Int32Array(buffer);
    this.u32 = new Uint32Array(buffer);
    this.f64 = new Float64Array(buffer);
    this.floats = this.dtype === 'float32' ? new Float32Array(buffer) : new Float64Array(buffer);
  }
}
