// End-to-end encrypted sessions on the server, in-process against PGlite and a real PostgreSQL: the
// account's KDF parameters and key check are kept (and cannot be replaced), encrypted chunks are
// hash-checked, stored, listed and served byte for byte, and analysis and export answer a clear 409
// (not a 500) because the server cannot read the samples.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_CONTENT_TYPE, CHUNK_SHA256_HEADER, encodeChunk, sha256Hex } from '../../contract/chunk.ts';
import { newAccountKey, decryptChunk, encryptChunk, encryptText, type E2eAccountParams } from '../../contract/e2e-crypto.ts';
import { backends, openTestApi, type TestApi } from '../../testing/backends.ts';
import { ENCRYPTED_PROBLEM_TYPE } from './e2e-guard.ts';

const base = {
  device: { name: 'Cyton' },
  streams: [{ id: 'eeg', kind: 'eeg', sampleRateHz: 250, channels: ['C3', 'C4'].map((label) => ({ label, unit: 'uV' })) }],
  startTime: '2024-05-01T10:00:00.000Z',
  timeBase: 'sample-rate',
};

describe.each(backends)('end-to-end encrypted sessions on %s', (kind) => {
  let api: TestApi;
  let params: E2eAccountParams;
  let key: CryptoKey;
  beforeAll(async () => {
    api = await openTestApi(kind);
    ({ params, key } = await newAccountKey('seven lanterns over a quiet river'));
  });
  afterAll(async () => api?.close());

  const json = (method: string, path: string, body?: unknown) =>
    api.app.request(`/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const putChunk = (id: string, seq: number, bytes: Uint8Array, sha: string) =>
    api.app.request(`/api/v1/sessions/${id}/streams/eeg/chunks/${seq}`, {
      method: 'PUT',
      headers: { 'content-type': CHUNK_CONTENT_TYPE, [CHUNK_SHA256_HEADER]: sha },
      body: bytes as Uint8Array<ArrayBuffer>,
    });

  it('keeps the account KDF parameters and key check; the same again is fine, another passphrase is 409', async () => {
    expect(await (await json('GET', '/me/encryption')).json()).toEqual({ enabled: false, configured: false });
    const tooFew = await json('PUT', '/me/encryption', { ...params, enabled: true, kdf: { ...params.kdf, iterations: 100_000 } });
    expect(tooFew.status).toBe(400);
    const set = await json('PUT', '/me/encryption', { ...params, enabled: true });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({
      enabled: true,
      configured: true,
      kdf: { iterations: 600_000, salt: params.kdf.salt },
      keyCheck: params.keyCheck,
    });
    expect((await json('PUT', '/me/encryption', { ...params, enabled: true })).status).toBe(200);
    const other = (await newAccountKey('another passphrase entirely')).params;
    const replaced = await json('PUT', '/me/encryption', { ...other, enabled: true });
    expect(replaced.status).toBe(409);
    expect((await replaced.json()).detail).toMatch(/cannot be replaced/);
    expect(await (await json('GET', '/me/encryption')).json()).toMatchObject({ enabled: true, keyCheck: params.keyCheck });
  });

  it('stores, lists and serves encrypted chunks byte for byte; analysis and export answer 409 end-to-end-encrypted', async () => {
    const id = crypto.randomUUID();
    const title = await encryptText(key, ['title', id], 'Evening sit');
    expect((await json('PUT', `/sessions/${id}`, { ...base, title: 'Evening sit', encryption: { scheme: 'clisonix-e2e-1', title } })).status).toBe(
      400,
    );
    const created = await json('PUT', `/sessions/${id}`, { ...base, encryption: { scheme: 'clisonix-e2e-1', title } });
    expect(created.status).toBe(201);
    const plain = encodeChunk({ firstSample: 0, channels: [Float32Array.from({ length: 250 }, (_, i) => i / 3), new Float32Array(250).fill(7.5)] });
    const encrypted = await encryptChunk(key, { sessionId: id, stream: 'eeg', seq: 0 }, plain);
    const sha = await sha256Hex(encrypted);
    // The hash is still checked, and an encrypted session takes no plain chunk.
    expect((await putChunk(id, 0, encrypted, await sha256Hex(plain))).status).toBe(400);
    const refused = await putChunk(id, 0, plain, await sha256Hex(plain));
    expect(refused.status).toBe(400);
    expect((await refused.json()).detail).toMatch(/must be encrypted/);
    const stored = await putChunk(id, 0, encrypted, sha);
    expect(stored.status).toBe(201);
    expect(await stored.json()).toMatchObject({ seq: 0, firstSample: 0, sampleCount: 250, channelCount: 2, sha256: sha });
    const list = await (await json('GET', `/sessions/${id}/streams/eeg/chunks`)).json();
    expect(list.chunks).toEqual([{ seq: 0, firstSample: 0, sampleCount: 250, sha256: sha }]);
    const served = await api.app.request(`/api/v1/sessions/${id}/streams/eeg/chunks/0`);
    const bytes = new Uint8Array(await served.arrayBuffer());
    expect(await sha256Hex(bytes)).toBe(sha);
    expect(await decryptChunk(key, { sessionId: id, stream: 'eeg', seq: 0 }, bytes)).toEqual(plain);

    for (const res of [await json('POST', `/sessions/${id}/analysis`, {}), await api.app.request(`/api/v1/sessions/${id}/export?format=edf`)]) {
      expect(res.status).toBe(409);
      const problem = await res.json();
      expect(problem.type).toBe(ENCRYPTED_PROBLEM_TYPE);
      expect(problem.detail).toMatch(/^Session .* is end-to-end encrypted: the server cannot read its samples/);
      expect(problem.errors[0].message).toBe('session is end-to-end encrypted: the server cannot read its samples');
    }
    // The account export carries the encrypted bytes as they are.
    const dump = await (await api.app.request('/api/v1/me/export')).json();
    const exported = dump.sessions.find((s: { session: { id: string } }) => s.session.id === id);
    expect(exported.chunks).toEqual([
      { stream: 'eeg', seq: 0, first_sample: 0, sample_count: 250, sha256: sha, encrypted_base64: Buffer.from(encrypted).toString('base64') },
    ]);
    // Its encryption cannot be taken off (nor put on a plain session).
    const current = await (await json('GET', `/sessions/${id}`)).json();
    const off = await api.app.request(`/api/v1/sessions/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'if-match': `"v${current.version}"` },
      body: JSON.stringify(base),
    });
    expect(off.status).toBe(409);
  });

  it('a plain session refuses an encrypted chunk and still exports', async () => {
    const id = crypto.randomUUID();
    expect((await json('PUT', `/sessions/${id}`, base)).status).toBe(201);
    const plain = encodeChunk({ firstSample: 0, channels: [new Float32Array(250).fill(1), new Float32Array(250).fill(2)] });
    const encrypted = await encryptChunk(key, { sessionId: id, stream: 'eeg', seq: 0 }, plain);
    const refused = await putChunk(id, 0, encrypted, await sha256Hex(encrypted));
    expect(refused.status).toBe(400);
    expect((await refused.json()).detail).toMatch(/not end-to-end encrypted/);
    expect((await putChunk(id, 0, plain, await sha256Hex(plain))).status).toBe(201);
    expect((await api.app.request(`/api/v1/sessions/${id}/export?format=csv`)).status).toBe(200);
  });
});
