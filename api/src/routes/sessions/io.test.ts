// Import of a real recording (PhysioNet EEGMMIDB S001R01.edf, 64 channels at 160 Hz) into a
// session, analysis of the stored session against the SciPy/MNE reference, and export round trips.
// PGlite only: the storage path is the same SQL as in sessions.test.ts, which runs on both backends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eegDataDir } from '../../../../tests/data/test-data.ts';
import { openTestApi, type TestApi } from '../../testing/backends.ts';
import { importRecording } from '../../../../workers/formats/index.ts';

const shared = eegDataDir;
const edf = readFileSync(path.join(shared, 'S001R01.edf'));
const reference = JSON.parse(readFileSync(path.join(shared, 'S001R01.edf.reference.json'), 'utf8'));

describe('session import, analysis and export', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await openTestApi('pglite');
  });
  afterAll(async () => api?.close());

  const upload = (bytes: Uint8Array, name: string) =>
    api.app.request(`/api/v1/sessions/import?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes as Uint8Array<ArrayBuffer>,
    });

  it('imports an EDF+ file as a session, analyses it like the reference, and exports it back', async () => {
    const res = await upload(edf, 'S001R01.edf');
    expect(res.status).toBe(201);
    const session = await res.json();
    expect(session.metadata.streams).toHaveLength(1);
    expect(session.metadata.streams[0]).toMatchObject({ id: 'eeg', sampleRateHz: reference.fs_hz });
    expect(session.metadata.streams[0].channels).toHaveLength(reference.n_channels);
    expect(session.import.format).toMatch(/^edf/);
    const detail = await (await api.app.request(`/api/v1/sessions/${session.id}`)).json();
    expect(detail.streams.eeg.sampleCount).toBe(reference.n_samples);

    const analysis = await (
      await api.app.request(`/api/v1/sessions/${session.id}/analysis`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    ).json();
    expect(analysis).toMatchObject({ stream: 'eeg', first_sample: 0, sample_count: reference.n_samples, discontinuities: 0 });
    const first = reference.channels[0];
    const stats = analysis.statistics[first.name];
    expect(stats.mean).toBeCloseTo(first.mean, 3);
    expect(stats.std_dev).toBeCloseTo(first.std, 2);
    expect(stats.min).toBe(first.min);
    expect(stats.max).toBe(first.max);
    expect(analysis.bands[first.name].relative.delta).toBeCloseTo(first.rel_band_power.delta, 2);

    const json = await api.app.request(`/api/v1/sessions/${session.id}/export?format=json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-disposition')).toContain('.json');
    const back = importRecording(new Uint8Array(await json.arrayBuffer()), 'export.json');
    expect(back.channels).toHaveLength(reference.n_channels);
    expect(back.channels[0].samples.length).toBe(reference.n_samples);
    expect(back.channels[0].samples[100]).toBeCloseTo(importRecording(edf, 'S001R01.edf').channels[0].samples[100], 3);
    const edfOut = await api.app.request(`/api/v1/sessions/${session.id}/export?format=edf`);
    const reread = importRecording(new Uint8Array(await edfOut.arrayBuffer()), 'export.edf');
    expect(reread.channels[0].sampleRateHz).toBe(reference.fs_hz);
    expect(reread.markers.length).toBe(importRecording(edf, 'S001R01.edf').markers.length);
  });

  it('refuses what it cannot read, and keeps nothing of it', async () => {
    const before = (await (await api.app.request('/api/v1/sessions')).json()).sessions.length;
    const res = await upload(new TextEncoder().encode('hello, this is not EEG'), 'notes.txt');
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].path).toBe('body.file');
    const empty = await upload(new Uint8Array(0), 'empty.edf');
    expect(empty.status).toBe(400);
    expect((await api.app.request(`/api/v1/sessions/${crypto.randomUUID()}/export?format=edf`)).status).toBe(404);
    expect((await api.app.request(`/api/v1/sessions/${crypto.randomUUID()}/export?format=wav`)).status).toBe(400);
    expect((await (await api.app.request('/api/v1/sessions')).json()).sessions.length).toBe(before);
  });
});
