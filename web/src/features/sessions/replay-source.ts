// Replays a stored session through the Live views, driven by a ReplayClock (position, play/pause,
// 1x-8x): every 50 ms, each stream's stored samples up to the clock's position are decoded from
// IndexedDB and emitted at their original sample index (gaps stay gaps). A seek makes a new source
// at the new position (the views start over), filled with the window before it at once.
import type { ConnectionState, GapRecord } from '../../../../workers/protocol/streams.ts';
import { listChunks } from '../../../../workers/storage/chunk-store.ts';
import { decodeChunk } from '../../../../workers/storage/chunk-codec.ts';
import type { StudioDb } from '../../../../workers/storage/db.ts';
import type { StoredChunk, StoredSession } from '../../../../workers/storage/types.ts';
import { makeEmitter, type LiveBlock, type LiveSource } from '../devices/live-source.ts';
import { blocksToEndpoint } from '../devices/blocks-to-endpoint.ts';
import { createReplayClock, type ReplayClock } from './replay-clock.ts';

const TICK_MS = 50;
/** Seconds before the position that a source made by a seek emits at once, so the plots are full. */
const PREROLL_SEC = 10;

/** What the replay player needs: the session, its clock, and how to move to another position. */
export interface ReplayControl {
  session: StoredSession;
  clock: ReplayClock;
  /** The session's length, s: its longest stream's stored span. */
  lengthSec: number;
}

/** A session's length in seconds: the end of its last stored sample on any stream. */
export function sessionLengthSec(session: StoredSession, chunks: StoredChunk[]): number {
  let end = 0;
  for (const stream of session.streams) {
    for (const c of chunks) {
      if (c.streamId === stream.id) end = Math.max(end, (c.firstSample + c.sampleCount) / stream.sampleRateHz);
    }
  }
  return end;
}

/**
 * A LiveSource that plays `session` from this browser's storage under `clock` (a new clock starting
 * at 0, playing at 1x, when none is given: a seek passes the player's clock on).
 */
export async function createReplaySource(db: StudioDb, session: StoredSession, clock?: ReplayClock): Promise<LiveSource & { replay: ReplayControl }> {
  const chunks = await listChunks(db, session.id);
  const lengthSec = clock?.lengthSec ?? sessionLengthSec(session, chunks);
  const transport = clock ?? createReplayClock(lengthSec);
  const blocks = makeEmitter<[LiveBlock]>();
  const states = makeEmitter<[ConnectionState, string?]>();
  const perStream = new Map(session.streams.map((s) => [s.id, chunks.filter((c) => c.streamId === s.id).sort((a, b) => a.seq - b.seq)]));
  // per stream: the next sample index to emit (everything before it was emitted or skipped)
  const startSec = Math.max(0, transport.position() - PREROLL_SEC);
  const next = new Map(session.streams.map((s) => [s.id, Math.floor(startSec * s.sampleRateHz)]));
  const decoded = new Map<string, { firstSample: number; channels: Float32Array[] }>();

  const tick = () => {
    const position = transport.position();
    for (const stream of session.streams) {
      // (+1e-6: a position set from a sample index, (i + 1) / rate, must not round down to i)
      const due = Math.floor(position * stream.sampleRateHz + 1e-6);
      let from = next.get(stream.id)!;
      if (due <= from) continue;
      for (const stored of perStream.get(stream.id)!) {
        const end = stored.firstSample + stored.sampleCount;
        if (end <= from) continue;
        if (stored.firstSample >= due) break;
        const key = `${stream.id}/${stored.seq}`;
        let chunk = decoded.get(key);
        if (!chunk) decoded.set(key, (chunk = decodeChunk(stored.bytes)));
        const start = Math.max(from, chunk.firstSample);
        const stop = Math.min(due, end);
        blocks.emit({
          streamId: stream.id,
          firstSample: start,
          channels: chunk.channels.map((c) => c.subarray(start - chunk.firstSample, stop - chunk.firstSample)),
        });
        from = stop;
        if (stop >= end) decoded.delete(key);
      }
      next.set(stream.id, due);
    }
  };
  const timer = setInterval(tick, TICK_MS);
  const gaps: GapRecord[] = (session.gaps ?? []).map((g) => ({ ...g, startHostTimeMs: Number.NaN }));
  return {
    name: `Replay: ${session.title}`,
    kind: 'replay',
    streams: session.streams,
    onState: states.on,
    lostSamples: () => ({}),
    gaps: () => gaps,
    markers: () =>
      session.markers
        .filter((m) => m.sample !== undefined && (m.streamId === undefined || m.streamId === session.streams[0]?.id))
        .map((m) => ({ sample: m.sample!, text: m.text })),
    replay: { session, clock: transport, lengthSec },
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
