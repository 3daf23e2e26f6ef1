// Builds a fixture page (tests/browser/fixtures/<name>) with vite's build() API into a temp folder and
// serves it from a tiny loopback HTTP server with the app's cross-origin isolation headers, so that
// workers, worklets, SharedArrayBuffer rings and WASM run exactly as they do in the studio.
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { repoRoot } from './harness.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/** The studio's CSP, for fixtures that must prove they work under it. */
export const appContentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'";

export interface FixtureOptions {
  /** Extra folders served under a URL prefix, e.g. `{ '/eeg/': eegDir }`. Only file names, no sub-paths. */
  mounts?: Record<string, string>;
  /** Extra response headers (a CSP, say). */
  headers?: Record<string, string>;
  /** Loopback port; 0 (default) picks a free one. */
  port?: number;
}

export interface FixtureServer {
  /** Origin of the page, without a trailing slash: `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  close: () => Promise<void>;
}

/** Resolves a request path to a file inside the build or a mount, or null when it would leave them. */
function resolveFile(outDir: string, mounts: Record<string, string>, pathname: string): string | null {
  for (const [prefix, dir] of Object.entries(mounts)) {
    if (pathname.startsWith(prefix)) return path.join(dir, path.basename(pathname));
  }
  const file = path.join(outDir, path.normalize(pathname));
  if (!file.startsWith(outDir)) return null;
  return existsSync(file) && statSync(file).isDirectory() ? path.join(file, 'index.html') : file;
}

/** Builds `tests/browser/fixtures/<name>` and serves it until `close()`. */
export async function serveFixturePage(name: string, options: FixtureOptions = {}): Promise<FixtureServer> {
  const outDir = mkdtempSync(path.join(tmpdir(), `clisonix-${name}-`));
  await build({
    configFile: false,
    root: path.join(repoRoot, 'tests/browser/fixtures', name),
    base: './',
    logLevel: 'error',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      // Small .wasm files would otherwise become data: URLs, which a worklet or CSP may refuse.
      assetsInlineLimit: (file: string) => (file.endsWith('.wasm') ? false : undefined),
    },
    worker: { format: 'es' },
  });
  const mounts = options.mounts ?? {};
  const server: Server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = resolveFile(outDir, mounts, pathname);
    if (!file) return void res.writeHead(403).end();
    if (!existsSync(file)) return void res.writeHead(404).end('not found');
    res.writeHead(200, {
      'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cache-control': 'no-store',
      ...options.headers,
    });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
