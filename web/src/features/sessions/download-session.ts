// Downloads a session recorded on another device into this browser (chunks verified by SHA-256;
// an end-to-end encrypted one decrypted with this device's key).
import { sha256Hex } from '../../../../workers/storage/chunk-codec.ts';
import { decodeChunkHeader } from '../../../../api/src/contract/chunk.ts';
import { putDownloadedChunks } from '../../../../workers/storage/chunk-store.ts';
import type { StudioDb } from '../../../../workers/storage/db.ts';
import { putSession } from '../../../../workers/storage/session-store.ts';
import type { ServerSession, SyncClient } from '../../../../workers/storage/sync-client.ts';
import { newSession } from '../../../../workers/storage/new-session.ts';
import type { StoredChunk, StoredSession } from '../../../../workers/storage/types.ts';
import { copyStream } from '../../../../workers/protocol/streams.ts';
import { decryptChunk } from '../../../../api/src/contract/e2e-crypto.ts';
import { accountEncryption, decryptMetadata } from '../../../../workers/storage/sync-encryption.ts';

/** Thrown for an end-to-end encrypted session while this device has no key for it. */
export const LOCKED_DOWNLOAD = 'This session is end-to-end encrypted: enter your passphrase in Settings to unlock it on this browser first.';

export async function downloadSession(
  db: StudioDb,
  client: SyncClient,
  server: ServerSession,
  onProgress: (done: number, total: number) => void,
): Promise<StoredSession> {
  const meta = server.metadata;
  // An encrypted session is decrypted here, with this device's key: the plain chunks (the same bytes,
  // hence the same SHA-256, as on the device that recorded it), the title and the notes.
  const key = meta.encryption ? (await accountEncryption(client)).key : undefined;
  if (meta.encryption && !key) throw new Error(LOCKED_DOWNLOAD);
  const text = key ? await decryptMetadata(key, server.id, meta) : { title: meta.title, notes: meta.notes };
  // The server's metadata comes through a query cache whose objects are reactive proxies: stored as copies.
  const streams = meta.streams.map(copyStream);
  const lists = await Promise.all(streams.map(async (s) => [s.id, await client.listServerChunks(server.id, s.id)] as const));
  const total = lists.reduce((n, [, m]) => n + m.size, 0);
  const chunks: StoredChunk[] = [];
  const kept: Record<string, number> = {};
  const ends: Record<string, number> = {};
  for (const [streamId, held] of lists) {
    for (const [seq, sha] of held) {
      const received = await client.getChunk(server.id, streamId, seq);
      const actual = await sha256Hex(received);
      if (actual !== sha) throw new Error(`chunk ${seq} of ${streamId} arrived damaged (SHA-256 ${actual}, expected ${sha})`);
      const bytes = key ? await decryptChunk(key, { sessionId: server.id, stream: streamId, seq }, received) : received;
      const header = decodeChunkHeader(bytes);
      chunks.push({
        sessionId: server.id,
        streamId,
        seq,
        firstSample: header.firstSample,
        sampleCount: header.sampleCount,
        bytes,
        sha256: key ? await sha256Hex(bytes) : sha,
        synced: 1,
      });
      kept[streamId] = (kept[streamId] ?? 0) + header.sampleCount;
      ends[streamId] = Math.max(ends[streamId] ?? 0, header.firstSample + header.sampleCount);
      onProgress(chunks.length, total);
    }
  }
  const startedAtMs = Date.parse(meta.startTime);
  const durationMs = Math.max(0, ...streams.map((s) => ((ends[s.id] ?? 0) / s.sampleRateHz) * 1000));
  const session: StoredSession = {
    ...newSession({
      id: server.id,
      title: text.title || undefined,
      notes: text.notes,
      deviceName: meta.device.name,
      streams,
      startedAtMs,
      status: 'complete',
    }),
    endedAtMs: startedAtMs + durationMs,
    durableSamples: kept,
    durableEndSample: ends,
    chunkCount: Object.fromEntries(lists.map(([id, m]) => [id, m.size])),
    sync: {
      state: 'synced',
      uploadedChunks: total,
      totalChunks: total,
      etag: `"v${server.version}"`,
      syncedMetadataVersion: 1,
      e2e: key !== undefined,
      updatedAtMs: Date.now(),
    },
    origin: 'remote',
  };
  await putDownloadedChunks(db, chunks);
  await putSession(db, session);
  return session;
}
