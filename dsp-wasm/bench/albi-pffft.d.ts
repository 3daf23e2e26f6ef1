// Types for the parts of @echogarden/pffft-wasm (an Emscripten build of PFFFT) the ALBI bench uses.
declare module '@echogarden/pffft-wasm/simd' {
  interface PffftModule {
    HEAPF32: Float32Array;
    /** transform: 0 = PFFFT_REAL, 1 = PFFFT_COMPLEX. */
    _pffft_new_setup(n: number, transform: number): number;
    _pffft_destroy_setup(setup: number): void;
    _pffft_aligned_malloc(bytes: number): number;
    /** direction: 0 = forward, 1 = backward. */
    _pffft_transform_ordered(setup: number, input: number, output: number, work: number, direction: number): void;
  }
  const createPffft: () => Promise<PffftModule>;
  export default createPffft;
}
