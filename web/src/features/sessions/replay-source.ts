// Replays a stored session through the Live views in real time: chunks are read from IndexedDB,
// decoded, and emitted in 50 ms blocks at their original sample index (gaps stay gaps).
import type { ConnectionState } from '../../../../workers/protocol/streams.ts';
import { listChunks } from '../../../../workers/storage/chunk-store.ts';
import { decodeChunk } from '../../../../workers/storage/chunk-codec.ts';
import type { StudioDb } from '../../../../workers/storage/db.ts';
import type { StoredSession } from '../../../../workers/storage/types.ts';
import { makeEmitter, type LiveBlock, type LiveSource } from '../devices/live-source.ts';
import { blocksToEndpoint } from '../devices/blocks-to-endpoint.ts';

const TICK_MS = 50;

/** A LiveSource that plays `session` from this browser's storage. */
export async function createReplaySource(db: StudioDb, session: StoredSession): Promise<LiveSource> {
  const chunks = await listChunks(db, session.id);
  const blocks = makeEmitter<[LiveBlock]>();
  const states = makeEmitter<[ConnectionState, string?]>();
  const cursors = new Map(session.streams.map((s) => [s.id, { chunkIndex: 0, offset: 0 }]));
  const perStream = new Map(session.streams.map((s) => [s.id, chunks.filter((c) => c.streamId === s.id).sort((a, b) => a.seq - b.seq)]));
  const decoded = new Map<string, { firstSample: number; channels: Float32Array[] }>();
  const startedAt = performance.now();
  const emitted = new Map(session.streams.map((s) => [s.id, 0]));

  const tick = () => {
    const elapsedSec = (performance.now() - startedAt) / 1000;
    let finished = true;
    for (const stream of session.streams) {
      const list = perStream.get(stream.id)!;
      const cursor = cursors.get(stream.id)!;
      const due = Math.floor(elapsedSec * stream.sampleRateHz) - emitted.get(stream.id)!;
      let budget = due;
      while (budget > 0 && cursor.chunkIndex < list.length) {
        const stored = list[cursor.chunkIndex];
        const key = `${stream.id}/${stored.seq}`;
        let chunk = decoded.get(key);
        if (!chunk) decoded.set(key, (chunk = decodeChunk(stored.bytes)));
        const length = chunk.channels[0].length;
        const take = Math.min(budget, length - cursor.offset);
        blocks.emit({
          streamId: stream.id,
          firstSample: chunk.firstSample + cursor.offset,
          channels: chunk.channels.map((c) => c.subarray(cursor.offset, cursor.offset + take)),
        });
        cursor.offset += take;
        budget -= take;
        emitted.set(stream.id, emitted.get(stream.id)! + take);
        if (cursor.offset >= length) {
          decoded.delete(key);
          cursor.chunkIndex++;
          cursor.offset = 0;
        }
      }
      if (cursor.chunkIndex < list.length) finished = false;
    }
    if (finished) {
      clearInterval(timer);
      states.emit('stopped', 'end of recording');
    }
  };
  const timer = setInterval(tick, TICK_MS);
  return {
    name: `Replay: ${session.title}`,
    kind: 'replay',
    streams: session.streams,
    onState: states.on,
    lostSamples: () => ({}),
    openStreamEndpoint(streamId) {
      const stream = session.streams.find((s) => s.id === streamId);
      if (!stream) throw new Error(`session ${session.id} has no stream '${streamId}'`);
      return blocksToEndpoint(blocks.on, streamId, stream.channels.length, stream.sampleRateHz);
    },
    async disconnect() {
      clearInterval(timer);
    },
  };
}
