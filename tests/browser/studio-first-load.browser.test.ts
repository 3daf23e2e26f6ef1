// The first visit downloads the app compressed: every script (and the CSS) comes Brotli-encoded as
// the build precompressed it, and what crossed the wire is reported beside the decoded size.
import { expect, test } from 'vitest';
import { measureFirstLoad } from './first-load.ts';
import { useServerAndBrowser } from './harness.ts';

const app = useServerAndBrowser();

test('the first load sends its scripts Brotli-compressed, a fraction of their size', async () => {
  const resources = await measureFirstLoad(app.browser.context, app.server.url, '#connect-title');
  const scripts = resources.filter((r) => r.type === 'script' || r.path.endsWith('.js'));
  expect(scripts.length).toBeGreaterThan(1);
  for (const s of scripts) if (s.decodedBytes >= 1024) expect({ path: s.path, encoding: s.encoding }).toEqual({ path: s.path, encoding: 'br' });
  const transferred = scripts.reduce((n, s) => n + s.transferredBytes, 0);
  const decoded = scripts.reduce((n, s) => n + s.decodedBytes, 0);
  console.log(JSON.stringify({ firstLoadScripts: scripts.length, transferredBytes: transferred, decodedBytes: decoded }));
  expect(transferred).toBeLessThan(decoded / 2.5);
  const css = resources.filter((r) => r.path.endsWith('.css') && r.decodedBytes >= 1024);
  for (const c of css) expect(c.encoding).toBe('br');
}, 60_000);
