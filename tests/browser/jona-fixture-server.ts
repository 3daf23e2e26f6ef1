// Builds the JONA fixture page with vite's build() API into a temp folder and serves it with a
// tiny static server that sends COOP/COEP (crossOriginIsolated) and the right wasm type.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { repoRoot } from './harness.ts';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

export interface FixtureServer {
  url: string;
  close(): Promise<void>;
}

/** Builds `tests/browser/fixtures/<name>` and serves it on a free loopback port. */
export async function serveFixture(name: string): Promise<FixtureServer> {
  const outDir = mkdtempSync(path.join(tmpdir(), `clisonix-${name}-`));
  await build({
    configFile: false,
    root: path.join(repoRoot, 'tests/browser/fixtures', name),
    base: './',
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, target: 'es2022', assetsInlineLimit: (file: string) => (file.endsWith('.wasm') ? false : undefined) },
    worker: { format: 'es' },
  });
  const server: Server = createServer(async (req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.join(outDir, rel);
    if (!file.startsWith(outDir)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
