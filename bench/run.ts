// `npm run bench`: runs every benchmark module and prints its JSON lines.
// A benchmark module is any `bench/*.bench.ts` or `dsp-wasm/bench/*.bench.ts` that exports
// `run(): Promise<void>`; it prints one JSON line per figure, each with its same-run baseline and ratio.
// `npm run bench -- jona api` runs only the modules whose file name contains one of the words.
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
  try {
    const mod = (await import(pathToFileURL(file).href)) as { run?: () => Promise<void> };
    if (typeof mod.run !== 'function') throw new Error('exports no run()');
    await mod.run();
    console.log(JSON.stringify({ bench: name, status: 'done', seconds: +((performance.now() - started) / 1000).toFixed(1) }));
  } catch (error) {
    failed++;
    console.log(JSON.stringify({ bench: name, status: 'failed', error: String((error as Error)?.stack ?? error) }));
  }
}
process.exit(failed ? 1 : 0);
