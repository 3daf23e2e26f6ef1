// Owns one albi.wasm instance and its host-side buffers. Buffers are named slots that are
// allocated once and only grow (doubling), so steady-state calls allocate nothing in the module.
// Any call may grow linear memory, which detaches old views: take views with f64()/read*() only
// after the kernel call that fills them.
import type { AlbiExports } from './albi-exports.ts';

export class AlbiCore {
  readonly wasm: AlbiExports;
  private readonly slots = new Map<string, { ptr: number; bytes: number }>();

  constructor(wasm: AlbiExports) {
    this.wasm = wasm;
  }

  /** Pointer to slot `name` with room for at least `bytes` bytes. */
  slot(name: string, bytes: number): number {
    const have = this.slots.get(name);
    if (have && have.bytes >= bytes) return have.ptr;
    let size = Math.max(64, have ? have.bytes * 2 : 0);
    while (size < bytes) size *= 2;
    const ptr = this.wasm.allocBytes(size);
    this.slots.set(name, { ptr, bytes: size });
    return ptr;
  }

  /** Copies `data` into slot `name` as float64 and returns its pointer. */
  writeF64(name: string, data: ArrayLike<number>): number {
    const ptr = this.slot(name, Math.max(8, data.length * 8));
    new Float64Array(this.wasm.memory.buffer, ptr, data.length).set(data);
    return ptr;
  }

  /** Copies `data` into slot `name` as float32 and returns its pointer. */
  writeF32(name: string, data: ArrayLike<number>): number {
    const ptr = this.slot(name, Math.max(8, data.length * 4));
    new Float32Array(this.wasm.memory.buffer, ptr, data.length).set(data);
    return ptr;
  }

  /** A live view (valid until the next call into the module). */
  f64(ptr: number, n: number): Float64Array {
    return new Float64Array(this.wasm.memory.buffer, ptr, n);
  }

  /** A copy of n doubles at ptr. */
  readF64(ptr: number, n: number): Float64Array {
    return new Float64Array(this.wasm.memory.buffer, ptr, n).slice();
  }

  readF32(ptr: number, n: number): Float32Array {
    return new Float32Array(this.wasm.memory.buffer, ptr, n).slice();
  }

  readI32(ptr: number, n: number): Int32Array {
    return new Int32Array(this.wasm.memory.buffer, ptr, n).slice();
  }
}
