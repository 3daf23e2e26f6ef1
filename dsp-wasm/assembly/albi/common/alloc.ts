// Linear-memory allocation for the host and for persistent kernel scratch.
// The module uses the stub runtime: heap.alloc is a bump allocator, 16-byte aligned, and grows memory
// as needed. Kernels cache their scratch (FFT tables, work buffers) and only grow it, so steady-state
// calls allocate nothing. The host allocates its own input/output buffers once and reuses them.

/** Allocates `bytes` bytes (16-byte aligned) that live for the life of the instance. */
export function allocBytes(bytes: usize): usize {
  return heap.alloc(bytes < 16 ? 16 : bytes);
}

/** A growable scratch region: returns a pointer to at least `bytes` bytes, reallocating only to grow. */
@unmanaged
export class Scratch {
  ptr: usize = 0;
  cap: usize = 0;
  ensure(bytes: usize): usize {
    if (bytes > this.cap) {
      let cap = this.cap == 0 ? <usize>1024 : this.cap;
      while (cap < bytes) cap <<= 1;
      this.ptr = heap.alloc(cap);
      this.cap = cap;
    }
    return this.ptr;
  }
}
