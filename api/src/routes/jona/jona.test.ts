// JONA routes in-process against PGlite and a real PostgreSQL, rendering with the real jona.wasm.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { backends, openTestApi, type TestApi } from '../../testing/backends.ts';
import { syntheses } from '../../db/schema.ts';

describe.each(backends)('JONA on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await openTestApi(kind);
  });
  afterAll(async () => api?.close());
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
