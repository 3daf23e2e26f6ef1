// Records one session: samples in, one-second chunks sealed, encoded and written to IndexedDB with
// strict durability. A crash loses at most the open chunk; a full disk keeps the sealed chunks in
// memory, reports `storageFull` and retries with back-off, so nothing is dropped silently.
import { ChunkSealer, type SampleBlock, type SealedChunk } from './chunk-sealer.ts';
import { appendChunks, isQuotaError, StorageFullError } from './chunk-store.ts';
import type { StudioDb } from './db.ts';
import { backoffDelayMs } from '../timing/backoff.ts';
import { newSession } from './new-session.ts';
import { putSession, recordingLockName, updateSession } from './session-store.ts';
import type { Stream } from '../protocol/streams.ts';
import type { StoredChunk, StoredGap, StoredMarker, StoredSession } from './types.ts';

/** Turns a sealed chunk into the exact bytes the server stores, with their SHA-256 (hex). */
export type ChunkEncoder = (chunk: SealedChunk) => Promise<{ bytes: Uint8Array; sha256: string }>;

export interface RecorderStatus {
  sessionId: string;
  /** Samples per stream kept on disk (gaps not counted). */
  durableSamples: Record<string, number>;
  /** One past the last durable sample per stream: the span on disk; span minus kept is what is missing. */
  durableEndSample: Record<string, number>;
  /** Samples per stream handed to the recorder so far (durable + sealed-in-memory + open chunk). */
  receivedSamples: Record<string, number>;
  /** Chunks sealed but not yet on disk (writing, or waiting because storage is full). */
  unsavedChunks: number;
  storageFull: boolean;
  lastError?: string;
}

export interface StartOptions {
  title?: string;
  deviceName: string;
  streams: Stream[];
  encode: ChunkEncoder;
  onStatus?: (status: RecorderStatus) => void;
  /** Injectable id for tests; a random UUID otherwise. */
  id?: string;
  /** Epoch ms of the first recorded sample (its fitted host time); the wall clock now when absent. */
  startedAtMs?: number;
}

export class SessionRecorder {
  private readonly sealers = new Map<string, ChunkSealer>();
  private queue: SealedChunk[] = [];
  private writing: Promise<void> = Promise.resolve();
  private releaseLock: () => void = () => {};
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Failed writes in a row (storage full): the back-off attempt. */
  private failedWrites = 0;
  private stopped = false;
  readonly status: RecorderStatus;

  private constructor(
    private readonly db: StudioDb,
    readonly session: StoredSession,
    private readonly options: StartOptions,
  ) {
    for (const stream of session.streams)
      this.sealers.set(stream.id, new ChunkSealer(stream.id, stream.channels.length, Math.round(stream.sampleRateHz)));
    this.status = { sessionId: session.id, durableSamples: {}, durableEndSample: {}, receivedSamples: {}, unsavedChunks: 0, storageFull: false };
  }

  /**
   * Creates the session record (durably) and holds its Web Lock until `stop()`, so that a reload
   * can tell a dead recorder from a live one in another tab.
   * @example const rec = await SessionRecorder.start(db, { deviceName: 'Synthetic', streams, encode });
   */
  static async start(db: StudioDb, options: StartOptions): Promise<SessionRecorder> {
    const session = newSession({
      id: options.id,
      title: options.title,
      deviceName: options.deviceName,
      streams: options.streams,
      startedAtMs: options.startedAtMs ?? Date.now(),
      status: 'recording',
    });
    await putSession(db, session);
    const recorder = new SessionRecorder(db, session, options);
    await recorder.holdLock();
    return recorder;
  }

  private async holdLock(): Promise<void> {
    const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
    if (!locks) return;
    await new Promise<void>((acquired) => {
      void locks.request(recordingLockName(this.session.id), () => {
        acquired();
        return new Promise<void>((release) => (this.releaseLock = release));
      });
    });
  }

  /** Adds samples of one stream (channel-major Float32Arrays). Sealed chunks are written in the background. */
  push(streamId: string, block: SampleBlock): void {
    if (this.stopped) return;
    const sealer = this.sealers.get(streamId);
    if (!sealer) throw new RangeError(`stream '${streamId}' is not part of session ${this.session.id}`);
    const sealed = sealer.push(block);
    this.status.receivedSamples[streamId] = sealer.nextSampleIndex;
    if (sealed.length) this.enqueue(sealed);
  }

  /**
   * Adds a marker, durably. Without `at`, it is placed at the wall clock now (ms since the session
   * start); the acquisition worker passes the position on the stream's timeline instead.
   */
  async addMarker(text: string, source: string, at?: Pick<StoredMarker, 'atMs' | 'streamId' | 'sample'>): Promise<StoredMarker> {
    const marker: StoredMarker = {
      atMs: at?.atMs ?? Date.now() - this.session.startedAtMs,
      text,
      source,
      ...(at?.streamId !== undefined && { streamId: at.streamId, sample: at.sample }),
    };
    await updateSession(
      this.db,
      this.session.id,
      (s) => ({ ...s, markers: [...s.markers, marker], metadataVersion: s.metadataVersion + 1 }),
      'strict',
    );
    return marker;
  }

  /** Keeps a gap with the session (its cause is synced as a server event). */
  async addGap(gap: StoredGap): Promise<void> {
    await updateSession(
      this.db,
      this.session.id,
      (s) => ({ ...s, gaps: [...(s.gaps ?? []), gap], metadataVersion: s.metadataVersion + 1 }),
      'strict',
    );
  }

  /** Seals the open chunks, waits until everything is on disk, marks the session complete. */
  async stop(): Promise<StoredSession> {
    this.stopped = true;
    const last = [...this.sealers.values()].map((s) => s.flush()).filter((c): c is SealedChunk => !!c);
    if (last.length) this.enqueue(last);
    await this.flushed();
    const ended = Date.now();
    const session = await updateSession(this.db, this.session.id, (s) => ({ ...s, status: 'complete', endedAtMs: ended }), 'strict');
    this.releaseLock();
    return session;
  }

  /** Resolves once every sealed chunk is on disk (waits through storage-full retries). */
  async flushed(): Promise<void> {
    for (;;) {
      await this.writing;
      if (!this.queue.length) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private enqueue(chunks: SealedChunk[]): void {
    this.queue.push(...chunks);
    this.status.unsavedChunks = this.queue.length;
    if (!this.retryTimer) this.writing = this.writing.then(() => this.writeQueued());
  }

  private async writeQueued(): Promise<void> {
    if (!this.queue.length) return;
    const batch = this.queue;
    this.queue = [];
    try {
      const stored: StoredChunk[] = [];
      for (const chunk of batch) {
        const { bytes, sha256 } = await this.options.encode(chunk);
        stored.push({
          sessionId: this.session.id,
          streamId: chunk.streamId,
          seq: chunk.seq,
          firstSample: chunk.firstSample,
          sampleCount: chunk.sampleCount,
          bytes,
          sha256,
          synced: 0,
        });
      }
      await appendChunks(this.db, this.session.id, stored);
      for (const c of stored) {
        this.status.durableSamples[c.streamId] = (this.status.durableSamples[c.streamId] ?? 0) + c.sampleCount;
        this.status.durableEndSample[c.streamId] = c.firstSample + c.sampleCount;
      }
      this.status.storageFull = false;
      this.status.lastError = undefined;
      this.failedWrites = 0;
    } catch (error) {
      // Put the batch back in front: order and every sample are kept for the retry.
      this.queue = [...batch, ...this.queue];
      this.status.storageFull = error instanceof StorageFullError || isQuotaError(error);
      this.status.lastError = (error as Error).message;
      this.scheduleRetry();
    }
    this.status.unsavedChunks = this.queue.length;
    this.options.onStatus?.(this.snapshot());
  }

  /** The figures as they are now, as a copy (safe to post to another thread or keep). */
  snapshot(): RecorderStatus {
    return {
      ...this.status,
      durableSamples: { ...this.status.durableSamples },
      durableEndSample: { ...this.status.durableEndSample },
      receivedSamples: { ...this.status.receivedSamples },
    };
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    const delay = backoffDelayMs(this.failedWrites++, { initialDelayMs: 500, maxDelayMs: 10_000, jitter: true });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.writing = this.writing.then(() => this.writeQueued());
    }, delay);
  }
}
