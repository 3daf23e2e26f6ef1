// JONA synthesis kernel: the only exports of jona.wasm.
export function abiVersion(): i32 {
  return 1;
}
