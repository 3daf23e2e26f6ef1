// What the studio keeps in IndexedDB. Pure types, shared by the UI, the recorder and the sync queue.
import type { TrainingLog } from '../analysis/training-log.ts';
import type { GapRecord, Stream } from '../protocol/streams.ts';
import type { ProgramHold } from '../../dsp-wasm/src/jona/conditions.ts';
import type { FeedbackMapping } from '../audio/feedback-mapping.ts';

export interface StoredMarker {
  /** Milliseconds from the session start; for a marker placed on a stream, `sample / rate x 1000`. */
  atMs: number;
  text: string;
  /** 'button' or 'key' (what the user pressed), 'schedule' (a step of the playing schedule), 'import' (a file's annotation), or 'api' (posted to the server's API by another program, and pulled in by sync). */
  source: string;
  /** The stream whose timeline the marker was placed on (the session's first stream, the EEG). */
  streamId?: string;
  /** Sample of `streamId` the marker falls on (0 = first recorded sample), from the stream's fitted host time. */
  sample?: number;
  /** For a marker that came from the server (posted to the API by another program): its event id there. */
  eventId?: string;
}

/**
 * Samples a session lacks, and why: the device counter jumped ('packet-loss'), the link dropped
 * ('disconnect'), or an imported file has no samples there ('file-gap': EDF+D record jumps, a CSV's
 * sample-counter jumps; what caused them when the file was recorded is not known here).
 */
export interface StoredGap {
  streamId: string;
  /** First missing sample (0 = first recorded sample of the stream). */
  startSample: number;
  lengthSamples: number;
  cause: GapRecord['cause'];
}

/** Where a session stands against the server. */
export type SyncState = 'local' | 'uploading' | 'synced' | 'conflict' | 'error' | 'remote-only';

export interface SessionSync {
  state: SyncState;
  /** Chunks the server confirmed / chunks stored locally. */
  uploadedChunks: number;
  totalChunks: number;
  /** Server ETag of the metadata last seen, for If-Match. */
  etag?: string;
  /** Plain-language reason of the last failure or conflict. */
  message?: string;
  /** Local metadata version the server has; differs from `metadataVersion` when an edit is unsent. */
  syncedMetadataVersion?: number;
  /**
   * True: the session is end-to-end encrypted on the server (its chunks, title, notes and event texts);
   * false: it went there plain. Set with its first metadata upload (or its download), never changed.
   */
  e2e?: boolean;
  /** Set on a 409: the server's copy, kept until the user chooses which one wins. */
  conflict?: {
    serverVersion: number;
    serverNotes: string;
    localNotes: string;
    serverUpdatedAt: string /** Server's title, when it has one. */;
    serverTitle?: string;
  };
  updatedAtMs: number;
}

export type SessionStatus = 'recording' | 'complete' | 'interrupted' | 'imported';

export interface StoredSession {
  /** Client-made UUID, also the server id (writes are idempotent on it). */
  id: string;
  title: string;
  notes: string;
  deviceName: string;
  streams: Stream[];
  startedAtMs: number;
  /** Wall-clock end; for an interrupted session, the end of the last durable chunk. */
  endedAtMs: number | null;
  status: SessionStatus;
  markers: StoredMarker[];
  /** Gaps inside the recording, per stream (absent on sessions stored before gaps were kept). */
  gaps?: StoredGap[];
  /** Incremented on every local metadata edit (title, notes, markers). */
  metadataVersion: number;
  /** Samples kept on disk per stream (the sum of its chunk lengths: gaps are not counted). */
  durableSamples: Record<string, number>;
  /**
   * One past the last durable sample per stream: the span recorded, gaps included. Span minus kept is
   * what the session lacks. Absent on sessions stored before it was kept (their durableSamples was the span).
   */
  durableEndSample?: Record<string, number>;
  /** Chunks written per stream; the next seq to write. */
  chunkCount: Record<string, number>;
  sync: SessionSync;
  /** Where the session was recorded: this browser or another client (downloaded). */
  origin: 'local' | 'remote';
  /** Neurofeedback loop latency measured while this session was recorded (absent: no training ran). */
  loopLatency?: LoopLatency;
  /** The feedback mappings (and schedule conditions) that steered the sound while this session recorded. */
  feedbackMapping?: FeedbackRecord;
  /**
   * What the training that ran while this session recorded did (score, pauses, latency, entrainment):
   * the session summary's data. Kept in this browser only (the server's metadata has no such field).
   */
  training?: TrainingLog;
  /** For an imported session: the file it came from (its SHA-256 tells a second import of it). */
  sourceFile?: { name: string; sizeBytes: number; sha256: string };
  /** True when the file gave no wall-clock start: startedAtMs is then the import time, not the recording's. */
  startTimeUnknown?: boolean;
}

/** Neurofeedback loop latency (window cut → sound out), ms, from the Listen screen's latency meter. */
export interface LoopLatency {
  p50Ms: number;
  p95Ms: number;
  p99Ms?: number;
  /** Group delay of the analysis filters/windows, reported apart from the loop latency. */
  filterDelayMs: number;
  /** Feedback updates the percentiles are computed from. */
  updates: number;
  /** Length of the analysed window, ms (apart from the loop latency too). */
  windowMs?: number;
  /** One packet's span of the device (Muse: 12 samples), ms, when the device packs samples. */
  packetisationMs?: number;
}

/** A training's mappings as validated (workers/audio/feedback-mapping.ts) and the holds of its schedule. */
export interface FeedbackRecord {
  mappings: FeedbackMapping[];
  holds?: ProgramHold[];
}

/** One second (or less, at a gap or at the end) of one stream, already encoded for the wire. */
export interface StoredChunk {
  sessionId: string;
  streamId: string;
  seq: number;
  /** Index of the first sample in the stream (0-based). seq*rate differs from it after a gap. */
  firstSample: number;
  sampleCount: number;
  /** The exact bytes uploaded to the server (the API's binary chunk layout). */
  bytes: Uint8Array;
  /** Lower-case hex SHA-256 of `bytes`. */
  sha256: string;
  /** 0 = not yet confirmed by the server, 1 = confirmed (a number because booleans cannot be index keys). */
  synced: 0 | 1;
}
