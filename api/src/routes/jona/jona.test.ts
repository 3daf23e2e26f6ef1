// JONA routes in-process against PGlite and a real PostgreSQL, rendering with the real jona.wasm.
import { rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { backends, openTestApi, type TestApi } from '../../testing/backends.ts';
import { syntheses } from '../../db/schema.ts';
import { createRenderCache } from './render-cache.ts';
import { requireSynthesis, wavFor } from './store.ts';

describe.each(backends)('JONA on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await openTestApi(kind);
  });
  afterAll(async () => api?.close());
  /** The synthesis's WAV as the single-threaded stream renders it, bypassing the route and its cache. */
  const streamedRender = async (id: string) =>
    new Uint8Array(await new Response((await wavFor(api.services, await requireSynthesis(api.services, 'local', id))).read()).arrayBuffer());
  const synthesize = (body: unknown) =>
    api.app.request('/jona/synthesize', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('answers the original fields and streams a WAV of exactly the announced length', async () => {
    const res = await synthesize({ mode: 'relax', frequency: 10.0, duration: 1, amplitude: 0.7 });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ mode: 'relax', frequency: 10, duration: 1, status: 'generated', sample_rate: 44100, bit_depth: 16 });
    expect(body.synthesis_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await (await api.app.request(`/jona/synthesize/${body.synthesis_id}`)).json()).toMatchObject({
      synthesis_id: body.synthesis_id,
      mode: 'relax',
    });
    const audio = await api.app.request(`/jona/synthesize/${body.synthesis_id}/audio`);
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe('audio/wav');
    const bytes = new Uint8Array(await audio.arrayBuffer());
    expect(bytes.byteLength).toBe(44 + 44100 * 2 * 2); // 1 s, stereo, 16-bit
    expect(Number(audio.headers.get('content-length'))).toBe(bytes.byteLength);
    const view = new DataView(bytes.buffer);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('RIFF');
    expect(new TextDecoder().decode(bytes.subarray(8, 12))).toBe('WAVE');
    expect(view.getUint16(22, true)).toBe(2); // channels
    expect(view.getUint32(24, true)).toBe(44100);
    expect(view.getUint16(34, true)).toBe(16);
    // Not silence: the middle of the file carries the beat.
    let peak = 0;
    for (let i = 44 + 40000; i < 44 + 60000; i += 2) peak = Math.max(peak, Math.abs(view.getInt16(i, true)));
    expect(peak).toBeGreaterThan(1000);
  });

  it('serves HEAD, byte ranges identical to the full file, 416 past the end and 304 on the ETag', async () => {
    const { synthesis_id: id } = await (
      await synthesize({ mode: 'focus', frequency: 18, duration: 0.5, amplitude: 0.5, sample_rate: 48000, bit_depth: 24 })
    ).json();
    const url = `/jona/synthesize/${id}/audio`;
    const full = new Uint8Array(await (await api.app.request(url)).arrayBuffer());
    expect(full.byteLength).toBe(44 + 24000 * 2 * 3);
    const head = await api.app.request(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(full.byteLength);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    const etag = head.headers.get('etag')!;
    const part = await api.app.request(url, { headers: { range: 'bytes=1000-1999' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${full.byteLength}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(full.subarray(1000, 2000));
    const tail = await api.app.request(url, { headers: { range: 'bytes=-10' } });
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(full.subarray(full.byteLength - 10));
    const beyond = await api.app.request(url, { headers: { range: `bytes=${full.byteLength}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${full.byteLength}`);
    expect((await api.app.request(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await api.app.request(`/jona/synthesize/${crypto.randomUUID()}/audio`)).status).toBe(404);
  });

  it('renders the audio once on every core into the cache: the same bytes as the streamed render, later downloads and ranges from the file', async () => {
    // 12 s at 48 kHz is two spans on a 2-core machine: the second one rendered by a worker.
    const request = { mode: 'relax', frequency: 10, duration: 12, amplitude: 0.6, sample_rate: 48000, seed: 7 };
    const { synthesis_id: id } = await (await synthesize(request)).json();
    const streamed = await streamedRender(id);
    const before = api.services.renderCache.stats();
    const url = `/jona/synthesize/${id}/audio`;
    const full = new Uint8Array(await (await api.app.request(url)).arrayBuffer());
    expect(full.byteLength).toBe(44 + 12 * 48000 * 4);
    expect(Buffer.compare(full, streamed)).toBe(0);
    const part = await api.app.request(url, { headers: { range: 'bytes=1000000-1999999' } });
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(streamed.subarray(1_000_000, 2_000_000));
    expect(Buffer.compare(new Uint8Array(await (await api.app.request(url)).arrayBuffer()), streamed)).toBe(0);
    const after = api.services.renderCache.stats();
    expect(after.renders - before.renders).toBe(1);
    expect(after.hits - before.hits).toBe(2);
  });

  it('over HTTP (node-server) sends the cached file straight to the socket: whole, in ranges, and a client that leaves mid-file costs nothing else', async () => {
    const { synthesis_id: id } = await (
      await synthesize({ mode: 'focus', frequency: 14, duration: 30, amplitude: 0.5, sample_rate: 48000, seed: 3 })
    ).json();
    const streamed = await streamedRender(id);
    const server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jona/synthesize/${id}/audio`;
      const whole = await fetch(url);
      expect(whole.status).toBe(200);
      expect(whole.headers.get('x-content-type-options')).toBe('nosniff'); // the middleware's headers still go out
      expect(Buffer.compare(new Uint8Array(await whole.arrayBuffer()), streamed)).toBe(0); // 5.76 MB: several 1 MB blocks
      const range = await fetch(url, { headers: { range: 'bytes=2500000-4700001' } });
      expect(range.status).toBe(206);
      expect(Buffer.compare(new Uint8Array(await range.arrayBuffer()), streamed.subarray(2_500_000, 4_700_002))).toBe(0);
      const leaving = await fetch(url);
      const reader = leaving.body!.getReader();
      await reader.read();
      await reader.cancel();
      await expect.poll(async () => (await (await api.app.request('/jona/queue')).json()).queue_depth).toBe(0);
      expect(Buffer.compare(new Uint8Array(await (await fetch(url)).arrayBuffer()), streamed)).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('streams the render when the cache cannot keep the file (its folder cannot be made), byte for byte the same', async () => {
    const cache = api.services.renderCache;
    const notAFolder = path.join(tmpdir(), `clisonix-not-a-folder-${process.pid}-${kind}`);
    writeFileSync(notAFolder, '');
    api.services.renderCache = createRenderCache({ dir: notAFolder });
    try {
      const { synthesis_id: id } = await (await synthesize({ mode: 'sleep', frequency: 3, duration: 1, amplitude: 0.5 })).json();
      const streamed = await streamedRender(id);
      const res = await api.app.request(`/jona/synthesize/${id}/audio`);
      expect(res.status).toBe(200);
      expect(Buffer.compare(new Uint8Array(await res.arrayBuffer()), streamed)).toBe(0);
      expect(api.services.renderCache.stats()).toMatchObject({ renders: 0, files: 0 });
    } finally {
      api.services.renderCache.close();
      api.services.renderCache = cache;
      rmSync(notAFolder, { force: true });
    }
  });

  it('streams a file larger than the cache keeps as it renders, byte for byte the same', async () => {
    const cache = api.services.renderCache;
    api.services.renderCache = createRenderCache({ budgetBytes: 100_000 }); // 50 kB per file at most
    try {
      const { synthesis_id: id } = await (await synthesize({ mode: 'focus', frequency: 18, duration: 1, amplitude: 0.5 })).json();
      const streamed = await streamedRender(id);
      const res = await api.app.request(`/jona/synthesize/${id}/audio`);
      expect(Buffer.compare(new Uint8Array(await res.arrayBuffer()), streamed)).toBe(0);
      expect(api.services.renderCache.stats()).toMatchObject({ renders: 0, files: 0 });
    } finally {
      api.services.renderCache.close();
      api.services.renderCache = cache;
    }
  });

  it('refuses absurd requests with 400 naming the field and stores nothing', async () => {
    const [{ n: before }] = await api.services.database.db.select({ n: count() }).from(syntheses);
    const bad: [unknown, string][] = [
      [{ mode: 'relax', frequency: 10, duration: 86_401, amplitude: 0.7 }, 'body.duration'],
      [{ mode: 'relax', frequency: -1, duration: 60, amplitude: 0.7 }, 'body.frequency'],
      [{ mode: 'party', frequency: 10, duration: 60, amplitude: 0.7 }, 'body.mode'],
      [{ mode: 'relax', frequency: 10, duration: 60, amplitude: 2 }, 'body.amplitude'],
      [{ mode: 'relax', frequency: 10, duration: 60, amplitude: 0.5, sample_rate: 22050 }, 'body.sample_rate'],
      [{ mode: 'relax', frequency: 10, duration: 60, amplitude: 0.5, bit_depth: 8 }, 'body.bit_depth'],
      [{ mode: 'relax', frequency: '10', duration: 60, amplitude: 0.5 }, 'body.frequency'],
    ];
    for (const [body, path] of bad) {
      const res = await synthesize(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const [{ n: after }] = await api.services.database.db.select({ n: count() }).from(syntheses);
    expect(Number(after)).toBe(Number(before));
  });

  it('shows jobs by state and counts a render in progress in the queue', async () => {
    const { synthesis_id: id } = await (await synthesize({ mode: 'sleep', frequency: 2, duration: 30, amplitude: 0.5 })).json();
    const audio = await api.app.request(`/jona/synthesize/${id}/audio`);
    const reader = audio.body!.getReader();
    await reader.read(); // the render has started
    const during = await (await api.app.request('/jona/queue')).json();
    expect(during.queue_depth).toBe(1);
    expect(during.rendering).toEqual([{ synthesis_id: id, streams: 1 }]);
    expect(during.jobs.generated).toBeGreaterThanOrEqual(1);
    await reader.cancel();
    expect((await (await api.app.request('/jona/queue')).json()).queue_depth).toBe(0);
  });
});
