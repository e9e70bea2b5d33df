import { formatBytes } from '../../common/limits.ts';

/**
 * A small first-fit allocator over a WebAssembly.Memory: the kernel's parameters, work
 * buffers and resident datasets all live in the one linear memory the WebAssembly code
 * addresses. Blocks are 64-byte aligned (one cache line, so threads never share a line they
 * both write) and zeroed; each gets `SLACK` spare bytes so that whole-vector loads and
 * stores may run a little past the end of a row. The memory grows on demand.
 */
const ALIGN = 64;
const SLACK = 256;
const PAGE = 65536;
/** Addresses below this stay unused, so that 0 can mean "none". */
const FIRST = 1024;

export class Heap {
  readonly memory: WebAssembly.Memory;
  private top = FIRST;
  private readonly free: { ptr: number; size: number }[] = [];
  private readonly sizes = new Map<number, number>();

  constructor(memory: WebAssembly.Memory) {
    this.memory = memory;
  }

  /** A zeroed block of at least `bytes` bytes; returns its address. */
  alloc(bytes: number): number {
    const size = Math.ceil((bytes + SLACK) / ALIGN) * ALIGN;
    let ptr = -1;
    for (let i = 0; i < this.free.length; i++) {
      const block = this.free[i];
      if (block.size < size) continue;
      ptr = block.ptr;
      if (block.size === size) this.free.splice(i, 1);
      else this.free[i] = { ptr: block.ptr + size, size: block.size - size };
      new Uint8Array(this.memory.buffer, ptr, size).fill(0);
      break;
    }
    if (ptr < 0) {
      ptr = this.top;
      this.top += size;
      const have = this.memory.buffer.byteLength;
      if (this.top > have) {
        try {
          this.memory.grow(Math.ceil((this.top - have) / PAGE));
        } catch (error) {
          this.top -= size;
          // The engine's message ("Maximum memory size exceeded") names neither the size nor the limit.
          throw new RangeError(
            `the WebAssembly kernel needs ${formatBytes(this.top + size)} of memory for this network, its mini-batch and its data, more than its memory can grow to (at most 4 GiB, less where the engine says so); use smaller --sizes or --batch`,
            { cause: error },
          );
        }
      }
    }
    this.sizes.set(ptr, size);
    return ptr;
  }

  /** Returns a block to the free list, merging it with free neighbours. */
  release(ptr: number): void {
    const size = this.sizes.get(ptr);
    if (size === undefined) return;
    this.sizes.delete(ptr);
    this.free.push({ ptr, size });
    this.free.sort((a, b) => a.ptr - b.ptr);
    for (let i = this.free.length - 1; i > 0; i--) {
      const before = this.free[i - 1];
      const block = this.free[i];
      if (before.ptr + before.size === block.ptr) {
        before.size += block.size;
        this.free.splice(i, 1);
      }
    }
    const last = this.free[this.free.length - 1];
    if (last !== undefined && last.ptr + last.size === this.top) {
      this.top = last.ptr;
      this.free.pop();
    }
  }
}
