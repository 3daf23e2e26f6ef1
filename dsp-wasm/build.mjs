// Compiles the AssemblyScript kernels into dsp-wasm/build/*.wasm.
//   albi.wasm  analysis kernels (float64): FFT, windows, Welch, filters, statistics, artifacts
//   jona.wasm  synthesis kernel (float32): voices, noise, smoothing, limiter
// Each module is built with no imports (`--use abort=`), so it instantiates with `{}` anywhere:
// Node, a Web Worker or an AudioWorklet.
// Usage: node dsp-wasm/build.mjs [--debug]
import asc from 'assemblyscript/asc';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const debug = process.argv.includes('--debug');
const modules = ['albi', 'jona'];

await mkdir(`${here}build`, { recursive: true });
for (const name of modules) {
  const args = [
    `${here}assembly/${name}/index.ts`,
    '--outFile',
    `${here}build/${name}.wasm`,
    '--textFile',
    `${here}build/${name}.wat`,
    '--runtime',
    'stub',
    '--enable',
    'simd',
    '--use',
    'abort=',
    '--initialMemory',
    '4',
    ...(debug ? ['--debug', '-O0'] : ['-O3', '--noAssert', '--converge']),
  ];
  const { error, stderr } = await asc.main(args);
  if (error) {
    console.error(stderr.toString());
    console.error(`dsp-wasm: ${name} failed to compile: ${error.message}`);
    process.exit(1);
  }
  console.log(`dsp-wasm: built build/${name}.wasm${debug ? ' (debug)' : ''}`);
}
