import { expect, test } from 'vitest';
import { sessionEvents } from './sync-client.ts';
import type { StoredSession } from './types.ts';

test('markers pressed on the same sample get distinct, stable event ids; gaps carry their cause', () => {
  const session = {
    streams: [{ id: 'eeg', channels: ['C3'], sampleRateHz: 250, unit: 'uV' }],
    markers: [
      { atMs: 400, text: 'a', source: 'key', streamId: 'eeg', sample: 100 },
      { atMs: 400, text: 'b', source: 'button', streamId: 'eeg', sample: 100 },
      { atMs: 1234.4, text: 'imported', source: 'import' },
    ],
    gaps: [{ streamId: 'eeg', startSample: 500, lengthSamples: 250, cause: 'packet-loss' }],
  } as unknown as StoredSession;
  const events = sessionEvents(session);
  expect(events.map((e) => e.id)).toEqual(['marker-eeg-100', 'marker-eeg-100-2', 'marker-1234', 'gap-eeg-500']);
  expect(sessionEvents(session)).toEqual(events); // the same ids on a re-send
  expect(events[3]).toEqual({ id: 'gap-eeg-500', kind: 'gap', stream: 'eeg', onsetSec: 2, durationSec: 1, text: 'packet-loss' });
});
