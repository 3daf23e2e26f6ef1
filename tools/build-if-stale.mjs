// `npm start`'s build step: builds the WASM kernels and the PWA only when their inputs changed since
// the last build, so a second start with nothing changed goes straight to the server.
// The inputs are every file git tracks (or would track) under the folders the build reads, plus the
// lock file and the build configs; their SHA-256 over path + content is kept in dist/.build-inputs.
// Usage: node tools/build-if-stale.mjs [--force]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const stampFile = path.join(repoRoot, 'dist/.build-inputs');
const buildInputs = [
  'web',
  'workers',
  'dsp-wasm',
  'public',
  'api/src/contract',
  'vite.config.ts',
  'tools/vite-precompress.ts',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.base.json',
];
const buildOutputs = ['dist/index.html', 'dsp-wasm/build/albi.wasm', 'dsp-wasm/build/jona.wasm'];

function inputFiles() {
  // Tracked and untracked-but-not-ignored files: an edit not yet committed still triggers a build.
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...buildInputs], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return [...new Set(listed.split('\0').filter(Boolean))].sort();
}

function inputsDigest() {
  const hash = createHash('sha256');
  for (const file of inputFiles()) {
    const full = path.join(repoRoot, file);
    if (!existsSync(full)) continue; // deleted but not yet staged
    hash.update(file).update('\0').update(readFileSync(full)).update('\0');
  }
  return hash.digest('hex');
}

const digest = inputsDigest();
const built = buildOutputs.every((file) => existsSync(path.join(repoRoot, file)));
const stamp = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
if (!process.argv.includes('--force') && built && stamp === digest) {
  console.log('build: inputs unchanged since the last build, skipping it');
} else {
  execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  writeFileSync(stampFile, `${digest}\n`);
}
