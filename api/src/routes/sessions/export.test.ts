// The research exports from the API: a session imported from a BDF+ with EEG, an accelerometer,
// markers and a gap comes back as a BIDS-EEG zip (every stream, types, events), several sessions
// as one dataset, CSV with derived band powers beside the raw. On both backends (the size check and
// the stream list are SQL of their own).
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRecording, readRecording } from '../../../../workers/formats/index.ts';
import { syntheticSession } from '../../../../workers/formats/test-support/synthetic-session.ts';
import { backends, openTestApi, type TestApi } from '../../testing/backends.ts';

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

describe.each(backends)('session exports from the API (%s)', (kind) => {
  let api: TestApi;
  const ids: string[] = [];
  beforeAll(async () => {
    api = await openTestApi(kind);
    for (const startedAtMs of [Date.UTC(2026, 11, 4, 3, 5, 12), Date.UTC(2026, 11, 5, 7, 0, 0)]) {
      const bdf = exportRecording(syntheticSession({ startedAtMs }).recording(), 'bdf');
      const res = await api.app.request('/api/v1/sessions/import?name=sit.bdf', {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: bdf as Uint8Array<ArrayBuffer>,
      });
      expect(res.status).toBe(201);
      ids.push((await res.json()).id);
    }
  });
  afterAll(async () => api?.close());

  const get = async (url: string) => {
    const res = await api.app.request(url);
    return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
  };

  it('GET /sessions/{id}/export?format=bids: a BIDS-EEG zip with every stream, channel types and events', async () => {
    const { res, bytes } = await get(`/api/v1/sessions/${ids[0]}/export?format=bids&mains=60`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/_bids\.zip"$/);
    const zip = unzipSync(bytes);
    const stem = 'sub-01/ses-20261204T030512/eeg/sub-01_ses-20261204T030512_task-recording';
    expect(Object.keys(zip)).toEqual(
      expect.arrayContaining([
        'dataset_description.json',
        'participants.tsv',
        `${stem}_eeg.edf`,
        `${stem}_eeg.json`,
        `${stem}_channels.tsv`,
        `${stem}_events.tsv`,
      ]),
    );
    expect(JSON.parse(text(zip[`${stem}_eeg.json`]))).toMatchObject({
      SamplingFrequency: 256,
      PowerLineFrequency: 60,
      EEGChannelCount: 4,
      RecordingDuration: 20,
    });
    const channels = text(zip[`${stem}_channels.tsv`]).trim().split('\n');
    expect(channels.map((l) => l.split('\t').slice(0, 4).join(' '))).toEqual([
      'name type units sampling_frequency',
      'TP9 EEG uV 256',
      'AF7 EEG uV 256',
      'AF8 EEG uV 256',
      'TP10 EEG uV 256',
      'X ACCEL g 52',
      'Y ACCEL g 52',
      'Z ACCEL g 52',
    ]);
    expect(text(zip[`${stem}_events.tsv`])).toBe(
      'onset\tduration\ttrial_type\tvalue\n2.5\t0\tmarker\teyes closed\n8\t2\tgap\tno data\n14\t0\tmarker\teyes open\n',
    );
    const edf = readRecording(zip[`${stem}_eeg.edf`]);
    expect(edf.channels.map((c) => `${c.label}@${c.sampleRateHz}`)).toEqual(['TP9@256', 'AF7@256', 'AF8@256', 'TP10@256', 'X@52', 'Y@52', 'Z@52']);
    expect(edf.gaps).toEqual([{ onsetSec: 8, durationSec: 2 }]);
  });

  it('GET /sessions/export?format=bids&ids=a,b: one dataset, a session folder each, listed in sessions.tsv', async () => {
    const { res, bytes } = await get(`/api/v1/sessions/export?format=bids&bits=24&ids=${ids[1]},${ids[0]}`);
    expect(res.status).toBe(200);
    const zip = unzipSync(bytes);
    const data = Object.keys(zip).filter((p) => /_eeg\.(edf|bdf)$/.test(p));
    expect(data).toEqual([
      'sub-01/ses-20261204T030512/eeg/sub-01_ses-20261204T030512_task-recording_eeg.bdf',
      'sub-01/ses-20261205T070000/eeg/sub-01_ses-20261205T070000_task-recording_eeg.bdf',
    ]);
    const sessionsTsv = text(zip['sub-01/sub-01_sessions.tsv']).trim().split('\n');
    expect(sessionsTsv.slice(1).map((l) => l.split('\t').slice(0, 3))).toEqual([
      ['ses-20261204T030512', '2026-12-04T03:05:12', ids[0]],
      ['ses-20261205T070000', '2026-12-05T07:00:00', ids[1]],
    ]);
  });

  it('format=csv&derived=true: one CSV per stream and the band powers per frame, in a zip', async () => {
    const { res, bytes } = await get(`/api/v1/sessions/${ids[0]}/export?format=csv&derived=true`);
    expect(res.status).toBe(200);
    const zip = unzipSync(bytes);
    const names = Object.keys(zip).map((p) => p.split('_').at(-1));
    // The API names a session's second stream by kind and place: 'accel-1'.
    expect(names).toEqual(['eeg.csv', 'accel-1.csv', 'bandpowers.csv']);
    const accel = readRecording(zip[Object.keys(zip)[1]]);
    expect(accel.channels.map((c) => c.sampleRateHz)).toEqual([52, 52, 52]);
    const bands = text(zip[Object.keys(zip)[2]]).split('\n');
    expect(bands[2]).toContain('TP9_alpha_8-13Hz_uV2');
    expect(bands.filter((l) => /^\d/.test(l))).toHaveLength(12);
  });

  it('format=edf stays one file with every stream', async () => {
    const { res, bytes } = await get(`/api/v1/sessions/${ids[0]}/export?format=edf`);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(readRecording(bytes).channels).toHaveLength(7);
  });

  it('refuses bad ids, unknown sessions and formats with a problem that says which', async () => {
    const notUuid = await get('/api/v1/sessions/export?format=bids&ids=abc');
    expect(notUuid.res.status).toBe(400);
    expect(JSON.parse(text(notUuid.bytes)).errors[0].path).toBe('query.ids');
    const unknown = await get(`/api/v1/sessions/export?format=bids&ids=${ids[0]},${crypto.randomUUID()}`);
    expect(unknown.res.status).toBe(404);
    expect((await get(`/api/v1/sessions/${ids[0]}/export?format=xls`)).res.status).toBe(400);
  });
});
