// JSON answers are gzip-compressed for a client that accepts it, and decode to the same JSON;
// a client that does not ask gets them plain, and binary answers (samples, audio) are never compressed.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CHUNK_CONTENT_TYPE, encodeChunk, sha256Hex } from './contract/chunk.ts';
import { openTestApi, type TestApi } from './testing/backends.ts';

let api: TestApi;
const metadata = {
  device: { name: 'Muse S' },
  streams: [{ id: 'eeg', kind: 'eeg', sampleRateHz: 256, channels: ['TP9', 'AF7', 'AF8', 'TP10'].map((label) => ({ label, unit: 'uV' })) }],
  startTime: '2024-05-01T10:00:00.000Z',
  timeBase: 'sample-rate',
};
beforeAll(async () => {
  api = await openTestApi('pglite');
  for (let i = 0; i < 6; i++)
    await api.app.request(`/api/v1/sessions/${crypto.randomUUID()}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(metadata),
    });
});
afterAll(async () => api?.close());

test('a session list of several KB comes gzip-compressed and decodes to the plain answer', async () => {
  const plain = await api.app.request('/api/v1/sessions');
  expect(plain.headers.get('content-encoding')).toBeNull();
  const plainText = await plain.text();
  expect(plainText.length).toBeGreaterThan(2048);
  const zipped = await api.app.request('/api/v1/sessions', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
  expect(zipped.headers.get('content-encoding')).toBe('gzip');
  const bytes = Buffer.from(await zipped.arrayBuffer());
  expect(bytes.length).toBeLessThan(plainText.length / 3);
  expect(JSON.parse(gunzipSync(bytes).toString('utf8'))).toEqual(JSON.parse(plainText));
});

test('binary answers (a stored chunk of samples) are sent as they are', async () => {
  const id = crypto.randomUUID();
  await api.app.request(`/api/v1/sessions/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(metadata) });
  const bytes = encodeChunk({ firstSample: 0, channels: [0, 1, 2, 3].map((c) => Float32Array.from({ length: 512 }, (_, i) => Math.sin(i / 7) + c)) });
  const put = await api.app.request(`/api/v1/sessions/${id}/streams/eeg/chunks/0`, {
    method: 'PUT',
    headers: { 'content-type': CHUNK_CONTENT_TYPE, 'x-chunk-sha256': await sha256Hex(bytes) },
    body: bytes,
  });
  expect(put.status).toBe(201);
  const got = await api.app.request(`/api/v1/sessions/${id}/streams/eeg/chunks/0`, { headers: { 'accept-encoding': 'gzip' } });
  expect(got.headers.get('content-encoding')).toBeNull();
  expect(new Uint8Array(await got.arrayBuffer())).toEqual(bytes);
});
