// The live-sync load of the scale benchmarks: every simulated headset has its own session and PUTs
// one 1-second chunk (4 channels x 256 Hz float32, contract/chunk.ts: 24 + 4 x 4 x 256 = 4,120 bytes)
// per second to /api/v1/sessions/{id}/streams/eeg/chunks/{seq}, open loop (support/open-loop.ts).
import { CHUNK_CONTENT_TYPE, CHUNK_SHA256_HEADER, encodeChunk, sha256Hex } from '../../api/src/contract/chunk.ts';
import { openLoop, type OpenLoopResult } from './open-loop.ts';

export const CHANNELS = 4;
export const SAMPLE_RATE_HZ = 256;

export const sessionMetadata = {
  device: { name: 'scale bench headset' },
  streams: [
    {
      id: 'eeg',
      kind: 'eeg',
      sampleRateHz: SAMPLE_RATE_HZ,
      channels: Array.from({ length: CHANNELS }, (_, i) => ({ label: `C${i}`, unit: 'uV' })),
    },
  ],
  startTime: new Date().toISOString(),
  timeBase: 'sample-rate',
};

export type ChunkBodies = { bytes: Uint8Array; sha256: string }[];

/** Seconds 0..count-1 of a headset's stream: 4 x 256 float32 samples each, with their SHA-256. */
export async function chunkBodies(count: number): Promise<ChunkBodies> {
  return Promise.all(
    Array.from({ length: count }, async (_, k) => {
      const bytes = encodeChunk({
        firstSample: k * SAMPLE_RATE_HZ,
        channels: Array.from({ length: CHANNELS }, (_, c) =>
          Float32Array.from({ length: SAMPLE_RATE_HZ }, (_, i) => 40 * Math.sin((2 * Math.PI * 10 * (k * SAMPLE_RATE_HZ + i)) / SAMPLE_RATE_HZ + c)),
        ),
      });
      return { bytes, sha256: await sha256Hex(bytes) };
    }),
  );
}

/** Creates one session per headset (20 requests in flight, local mode); returns their ids. */
export async function createSessions(port: number, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => crypto.randomUUID());
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < ids.length) {
        const id = ids[next++];
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/sessions/${id}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(sessionMetadata),
        });
        if (!res.ok) throw new Error(`session ${id}: ${res.status} ${await res.text()}`);
      }
    }),
  );
  return ids;
}

/**
 * One open-loop step: `ids.length` headsets, one chunk each per second, `sends` seconds of which
 * the first `warmupSends` are not counted. `prefix` '/noop' aims the same paths at the bare route.
 */
export function liveSync(
  port: number,
  ids: string[],
  bodies: ChunkBodies,
  sends: number,
  warmupSends: number,
  prefix = '/api/v1',
): Promise<OpenLoopResult> {
  return openLoop({
    port,
    clients: ids.length,
    periodMs: 1000,
    sends,
    warmupSends,
    request: (client, k) => ({
      method: 'PUT',
      path: `${prefix}/sessions/${ids[client]}/streams/eeg/chunks/${k}`,
      headers: { 'content-type': CHUNK_CONTENT_TYPE, [CHUNK_SHA256_HEADER]: bodies[k].sha256 },
      body: bodies[k].bytes,
    }),
  });
}
