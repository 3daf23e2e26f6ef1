// Background upload of unsynced sessions: metadata first (If-Match, 409 kept as a visible conflict,
// never overwritten), then the server's chunk checkpoint, then every chunk it lacks, each PUT
// idempotent on (stream, seq) with its SHA-256. Failures back off with jitter; a reload resumes
// from the server's checkpoint, so every chunk lands exactly once. Markers that other programs post
// to the API for a session (for example stimulus software marking a live recording) come back into
// the local copy on the next pass, once each. A session of an account with end-to-end encryption
// goes up encrypted on this device (sync-encryption.ts), or waits while this device is locked.
import { listChunks, listUnsyncedChunks, markChunksSynced } from './chunk-store.ts';
import type { StudioDb } from './db.ts';
import { getSession, listSessions, setSessionSync, updateSession } from './session-store.ts';
import { SyncHttpError, sessionEvents, toServerMetadata, type SessionEvent, type SyncClient } from './sync-client.ts';
import type { StoredChunk, StoredMarker, StoredSession } from './types.ts';
import { LOCKED_MESSAGE, type SyncConsent } from './sync.protocol.ts';
import { backoffDelayMs } from '../timing/backoff.ts';
import { encryptChunk, decryptChunk } from '../../api/src/contract/e2e-crypto.ts';
import { sha256Hex } from '../../api/src/contract/chunk.ts';
import { decryptEventText, decryptMetadata, encryptEvents, encryptMetadata, NO_ENCRYPTION, type AccountEncryption } from './sync-encryption.ts';

/** Thrown inside a pass when stop() was called: the pass ends before its next request. */
export class SyncStoppedError extends Error {
  constructor() {
    super('Sync was turned off');
    this.name = 'SyncStoppedError';
  }
}

export interface SyncEvents {
  /** A session's sync record changed (progress, state, conflict). */
  onSession?: (session: StoredSession) => void;
  /** Reachability of the server changed or was re-checked. */
  onReachability?: (online: boolean) => void;
}

/** Sync retries: from 1 s, capped at 30 s, jittered so that clients that failed together do not retry together. */
export const SYNC_BACKOFF = { initialDelayMs: 1000, maxDelayMs: 30_000, jitter: true } as const;

export class SyncQueue {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private attempt = 0;
  private stopped = false;

  constructor(
    private readonly db: StudioDb,
    private readonly client: SyncClient,
    private readonly events: SyncEvents = {},
    /** What the sessions are synced under: sent as each session's metadata.consent. */
    private readonly consent?: SyncConsent,
    /** The account's end-to-end encryption and this device's key, asked once per pass that has work. */
    private readonly encryption: () => Promise<AccountEncryption> = async () => NO_ENCRYPTION,
  ) {}

  /** Starts the background loop (idempotent). */
  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops the loop; a pass under way ends before its next request (the caller aborts the one in flight). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private checkRunning(): void {
    if (this.stopped) throw new SyncStoppedError();
  }

  /** Runs one pass now (coalesced with a pass already running); resolves when it finished. */
  syncNow(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(async () => {
      let ok = true;
      try {
        await this.syncNow();
      } catch {
        ok = false;
      }
      this.attempt = ok ? 0 : this.attempt + 1;
      this.schedule(ok ? 3000 : backoffDelayMs(this.attempt - 1, SYNC_BACKOFF));
    }, delayMs);
  }

  private async pass(): Promise<void> {
    const online = await this.client.reachable();
    this.events.onReachability?.(online);
    if (!online) throw new SyncHttpError(0, 'Server unreachable');
    const sessions = (await listSessions(this.db)).filter(needsSync);
    const account = sessions.length ? await this.encryption() : NO_ENCRYPTION;
    for (const session of sessions) {
      this.checkRunning();
      await this.syncSession(session.id, account);
    }
  }

  /** Uploads one session's metadata and missing chunks. Throws when the network fails. */
  async syncSession(id: string, account?: AccountEncryption): Promise<void> {
    let session = await getSession(this.db, id);
    if (!session) return;
    account ??= await this.encryption();
    // Encrypted or not is decided once, when the session first reaches the server.
    const encrypt = session.sync.e2e ?? (session.sync.etag ? false : account.enabled);
    if (encrypt && !account.key) {
      await this.emit(await setSessionSync(this.db, id, { state: 'local', message: LOCKED_MESSAGE }));
      return;
    }
    const key = encrypt ? account.key : undefined;
    if (!session.sync.conflict) session = await this.emit(await setSessionSync(this.db, id, { state: 'uploading', message: undefined }));
    try {
      session = await this.pushMetadata(session, key);
      await this.postEvents(session, key);
      session = await this.pullMarkers(session, key);
      const total = (await listChunks(this.db, id)).length;
      let uploaded = 0;
      for (const stream of session.streams) {
        const held = await this.client.listServerChunks(id, stream.id);
        const unsynced = (await listUnsyncedChunks(this.db, id)).filter((c) => c.streamId === stream.id);
        const confirmed = key ? await this.confirmEncrypted(key, unsynced, held) : unsynced.filter((c) => held.get(c.seq) === c.sha256);
        await markChunksSynced(
          this.db,
          confirmed.map((c) => [c.sessionId, c.streamId, c.seq]),
        );
        for (const chunk of unsynced) {
          if (held.has(chunk.seq)) continue;
          this.checkRunning();
          if (key) {
            const bytes = await encryptChunk(key, { sessionId: id, stream: chunk.streamId, seq: chunk.seq }, chunk.bytes);
            await this.client.putChunk(chunk, { bytes, sha256: await sha256Hex(bytes) });
          } else await this.client.putChunk(chunk);
          await markChunksSynced(this.db, [[chunk.sessionId, chunk.streamId, chunk.seq]]);
          uploaded++;
          if (uploaded % 5 === 0) await this.progress(id, total);
        }
      }
      const left = (await listUnsyncedChunks(this.db, id)).length;
      const latest = (await getSession(this.db, id))!;
      const done = left === 0 && latest.status !== 'recording' && !latest.sync.conflict;
      await this.emit(
        await setSessionSync(this.db, id, {
          state: latest.sync.conflict ? 'conflict' : done ? 'synced' : 'local',
          uploadedChunks: total - left,
          totalChunks: total,
        }),
      );
    } catch (error) {
      const e = error as SyncHttpError;
      const latest = await getSession(this.db, id);
      const off = this.stopped;
      await this.emit(
        await setSessionSync(this.db, id, {
          state: latest?.sync.conflict ? 'conflict' : off ? 'local' : 'error',
          message: off ? 'Sync is off' : e.status === 0 ? 'Waiting for the server…' : e.message,
        }),
      );
      throw error;
    }
  }

  /**
   * Chunks of an encrypted session the server holds already (an upload whose answer was lost): fresh
   * nonces make its hash differ from ours, so each is fetched and decrypted, and confirmed when the plain
   * bytes are ours.
   */
  private async confirmEncrypted(key: CryptoKey, unsynced: StoredChunk[], held: Map<number, string>): Promise<StoredChunk[]> {
    const confirmed: StoredChunk[] = [];
    for (const chunk of unsynced.filter((c) => held.has(c.seq))) {
      const place = { sessionId: chunk.sessionId, stream: chunk.streamId, seq: chunk.seq };
      const plain = await decryptChunk(key, place, await this.client.getChunk(chunk.sessionId, chunk.streamId, chunk.seq)).catch(() => undefined);
      if (plain && (await sha256Hex(plain)) === chunk.sha256) confirmed.push(chunk);
    }
    return confirmed;
  }

  /** Markers and gaps; for an encrypted session only those the server lacks (each encryption differs). */
  private async postEvents(session: StoredSession, key: CryptoKey | undefined): Promise<void> {
    if (!key) return this.client.postEvents(session);
    const held = new Set((await this.client.listEvents(session.id)).map((e) => e.id));
    const fresh = sessionEvents(session).filter((e) => !held.has(e.id));
    await this.client.postEventList(session.id, await encryptEvents(key, session.id, fresh));
  }

  /** Markers on the server that this browser did not send (posted through the API) join the local session. */
  private async pullMarkers(session: StoredSession, key: CryptoKey | undefined): Promise<StoredSession> {
    const sent = new Set(sessionEvents(session).map((e) => e.id));
    const listed = (await this.client.listMarkerEvents(session.id)).filter((e) => !sent.has(e.id));
    const remote = key ? await Promise.all(listed.map(async (e) => ({ ...e, text: await decryptEventText(key, session.id, e) }))) : listed;
    const have = new Set(session.markers.map((m) => m.eventId));
    if (remote.every((e) => have.has(e.id))) return session;
    // Read again inside the transaction: the recording may have added markers since.
    const updated = await updateSession(this.db, session.id, (s) => {
      const known = new Set(s.markers.map((m) => m.eventId));
      const fresh = remote.filter((e) => !known.has(e.id)).map((e) => markerFromEvent(s, e));
      return fresh.length ? { ...s, markers: [...s.markers, ...fresh] } : s;
    });
    return this.emit(updated);
  }

  private async progress(id: string, total: number): Promise<void> {
    const left = (await listUnsyncedChunks(this.db, id)).length;
    await this.emit(await setSessionSync(this.db, id, { uploadedChunks: total - left, totalChunks: total }));
  }

  private async pushMetadata(session: StoredSession, key: CryptoKey | undefined): Promise<StoredSession> {
    if (session.sync.conflict) return session; // waits for the user's choice
    if (session.sync.etag && session.sync.syncedMetadataVersion === session.metadataVersion) return session;
    const version = session.metadataVersion;
    const plain = toServerMetadata(session, this.consent);
    try {
      const metadata = key ? await encryptMetadata(key, session.id, plain) : plain;
      const { etag } = await this.client.putMetadata(session.id, metadata, session.sync.etag);
      return this.emit(await setSessionSync(this.db, session.id, { etag, syncedMetadataVersion: version, e2e: key !== undefined }));
    } catch (error) {
      const e = error as SyncHttpError;
      if (e.status !== 409 || !e.body?.server) throw error;
      const server = e.body.server;
      const serverText = key ? await decryptMetadata(key, session.id, server.metadata).catch(() => undefined) : server.metadata;
      // Our own first upload whose answer was lost: encrypted anew it differs, but it decrypts to ours.
      if (key && !session.sync.etag && serverText && serverText.notes === plain.notes && serverText.title === plain.title)
        return this.pushMetadata({ ...session, sync: { ...session.sync, etag: `"v${server.version}"` } }, key);
      // Someone else changed this session on the server: keep both copies and let the user choose.
      return this.emit(
        await setSessionSync(this.db, session.id, {
          state: 'conflict',
          message: `Edited elsewhere: the server has version ${server.version}. Choose which notes to keep.`,
          conflict: {
            serverVersion: server.version,
            serverNotes: serverText?.notes ?? '',
            localNotes: session.notes,
            serverUpdatedAt: server.updatedAt,
            serverTitle: serverText?.title,
          },
        }),
      );
    }
  }

  /**
   * Resolves a metadata conflict by the user's choice: 'mine' overwrites the server's version the
   * user has seen (If-Match on it), 'server' adopts the server's notes locally.
   */
  async resolveConflict(id: string, keep: 'mine' | 'server'): Promise<void> {
    const session = await getSession(this.db, id);
    const conflict = session?.sync.conflict;
    if (!session || !conflict) return;
    const etag = `"v${conflict.serverVersion}"`;
    await updateSession(
      this.db,
      id,
      (s) => ({
        ...s,
        notes: keep === 'server' ? conflict.serverNotes : s.notes,
        title: keep === 'server' && conflict.serverTitle ? conflict.serverTitle : s.title,
        metadataVersion: s.metadataVersion + (keep === 'mine' ? 1 : 0),
        sync: {
          ...s.sync,
          conflict: undefined,
          state: 'local',
          etag,
          syncedMetadataVersion: keep === 'server' ? s.metadataVersion : s.sync.syncedMetadataVersion,
          message: undefined,
          updatedAtMs: Date.now(),
        },
      }),
      'strict',
    );
    await this.syncSession(id).catch(() => {});
  }

  private emit(session: StoredSession): StoredSession {
    this.events.onSession?.(session);
    return session;
  }
}

/** True when a local session still has something to send. */
export function needsSync(s: StoredSession): boolean {
  return s.sync.state !== 'synced' || s.sync.syncedMetadataVersion !== s.metadataVersion || s.status === 'recording';
}

/**
 * A server marker as a local one, on the sample of its stream (the first EEG stream when it names
 * none) that its onsetSec falls on: the session's timeline counts samples at the nominal rate.
 */
function markerFromEvent(session: StoredSession, event: SessionEvent): StoredMarker {
  const stream = session.streams.find((s) => s.id === event.stream) ?? session.streams.find((s) => s.kind === 'eeg') ?? session.streams[0];
  const sample = Math.round(event.onsetSec * stream.sampleRateHz);
  return {
    atMs: (sample / stream.sampleRateHz) * 1000,
    text: event.text ?? '',
    source: 'api',
    streamId: stream.id,
    sample,
    eventId: event.id,
  };
}
