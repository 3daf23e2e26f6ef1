// The built app is sent as the build precompressed it: Brotli to a client that accepts it, else gzip,
// else the plain file, always the same bytes once decoded; hashed assets cached for a year, the
// service worker never (and never precompressed, since the PWA plugin writes it last).
import { mkdtempSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { beforeAll, expect, test } from 'vitest';
import { precompressDir } from '../../tools/vite-precompress.ts';
import { mountStaticApp } from './static.ts';

const script = Buffer.from(`export const bands = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ band: i % 5, hz: i / 4 })))};\n`);
let app: Hono;
let dist: string;

beforeAll(() => {
  dist = mkdtempSync(path.join(tmpdir(), 'clisonix-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'assets/index-abc123.js'), script);
  writeFileSync(path.join(dist, 'assets/tiny-abc123.js'), 'export {};\n');
  writeFileSync(path.join(dist, 'sw.js'), script);
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  expect(precompressDir(dist)).toBe(1);
  app = new Hono();
  mountStaticApp(app, dist);
});

const get = (url: string, acceptEncoding?: string) => app.request(url, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

test('Brotli when accepted, else gzip, else plain; the same bytes once decoded', async () => {
  const br = await get('/assets/index-abc123.js', 'gzip, deflate, br');
  expect(br.headers.get('content-encoding')).toBe('br');
  expect(br.headers.get('vary')).toMatch(/Accept-Encoding/i);
  expect(br.headers.get('content-type')).toMatch(/javascript/);
  const brBytes = Buffer.from(await br.arrayBuffer());
  expect(brBytes.length).toBeLessThan(script.length / 4);
  expect(brotliDecompressSync(brBytes)).toEqual(script);

  const gz = await get('/assets/index-abc123.js', 'gzip');
  expect(gz.headers.get('content-encoding')).toBe('gzip');
  expect(gunzipSync(Buffer.from(await gz.arrayBuffer()))).toEqual(script);

  const plain = await get('/assets/index-abc123.js');
  expect(plain.headers.get('content-encoding')).toBeNull();
  expect(Buffer.from(await plain.arrayBuffer())).toEqual(script);
});

test('hashed assets are immutable for a year; the service worker is revalidated and sent plain', async () => {
  expect((await get('/assets/index-abc123.js', 'br')).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  const sw = await get('/sw.js', 'br');
  expect(sw.headers.get('cache-control')).toBe('no-cache');
  expect(sw.headers.get('content-encoding')).toBeNull();
  expect(existsSync(path.join(dist, 'sw.js.br'))).toBe(false);
  // A file too small to gain from compression has no copies and is sent as it is.
  expect(existsSync(path.join(dist, 'assets/tiny-abc123.js.br'))).toBe(false);
  expect((await get('/assets/tiny-abc123.js', 'br')).headers.get('content-encoding')).toBeNull();
});
