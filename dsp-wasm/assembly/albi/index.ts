// ALBI analysis kernels: the only exports of albi.wasm. (Kernels land here; see dsp-wasm/README.md.)
export function abiVersion(): i32 {
  return 1;
}
