// `npm run bench`: runs every benchmark module and prints its JSON lines.
// A benchmark module is any `bench/*.bench.ts` or `dsp-wasm/bench/*.bench.ts` that exports
// `run(): Promise<void>`; it prints one JSON line per figure, each with its same-run baseline and ratio.
// `npm run bench -- jona api` runs only the modules whose file name contains one of the words.
// Each module runs in its own Node process, so that one benchmark's heap, workers or open databases
// cannot slow the next (measured: the JONA render ratio fell from ~10x to 6.5x when it ran after the
// formats benchmark in the same process).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const folders = ['dsp-wasm/bench', 'bench'];
const only = process.argv.slice(2);

const modules = folders.flatMap((folder) =>
  readdirSync(path.join(repoRoot, folder))
    .filter((name) => name.endsWith('.bench.ts'))
    .filter((name) => only.length === 0 || only.some((word) => name.includes(word)))
    .sort()
    .map((name) => path.join(repoRoot, folder, name)),
);

let failed = 0;
for (const file of modules) {
  const name = path.relative(repoRoot, file);
  const started = performance.now();
  const script = `const m = await import(${JSON.stringify(pathToFileURL(file).href)});
if (typeof m.run !== 'function') throw new Error('exports no run()');
await m.run();
process.exit(0);`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  const seconds = +((performance.now() - started) / 1000).toFixed(1);
  if (child.status === 0) {
    console.log(JSON.stringify({ bench: name, status: 'done', seconds }));
  } else {
    failed++;
    console.log(JSON.stringify({ bench: name, status: 'failed', exitCode: child.status, signal: child.signal, seconds }));
  }
}
process.exit(failed ? 1 : 0);
