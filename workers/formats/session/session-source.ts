// What every session export reads, whoever holds the session: the studio builds it from IndexedDB
// (web/src/features/sessions/session-export-source.ts), the API from its tables. The Recordings are
// built on demand, one at a time, so a dataset of many sessions never holds them all at once.
import type { TrainingLog } from '../../analysis/training-log.ts';
import type { ChannelKind, Recording } from '../recording.ts';

export interface SessionStreamInfo {
  id: string;
  kind: ChannelKind;
  sampleRateHz: number;
  channels: ReadonlyArray<{ label: string; unit: string }>;
}

export interface SessionExportSource {
  /** The session's UUID (also the server id). */
  id: string;
  title: string;
  /** Epoch ms of sample 0. */
  startedAtMs: number;
  /** True when the file it came from had no start time (startedAtMs is then the import time). */
  startTimeUnknown?: boolean;
  deviceName: string;
  notes: string;
  streams: readonly SessionStreamInfo[];
  /** Every stream in one Recording, as EDF+ holds them: a gap of any stream is a gap of all. */
  recording(): Recording;
  /** One stream with its own gaps (the row formats write one file per stream). */
  streamRecording(streamId: string): Recording;
  /** The neurofeedback training that ran while it recorded (browser only), for the scores over time. */
  training?: TrainingLog | null;
  /** Reads what recording() needs (e.g. chunks from IndexedDB) just before this session's files are made. */
  load?(): Promise<void>;
  /** Lets it go again once its files are written (bounded memory over many sessions). */
  release?(): void;
}

/** `2026-12-04T0305_morning-sit_1a2b3c4d`: sorts by time, readable, unique by the id's start. */
export function sessionBaseName(source: Pick<SessionExportSource, 'id' | 'title' | 'startedAtMs'>): string {
  const start = new Date(source.startedAtMs).toISOString();
  const stamp = `${start.slice(0, 10)}T${start.slice(11, 13)}${start.slice(14, 16)}`;
  const title = source.title
    .normalize('NFKD')
    .replace(/[^\w-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .toLowerCase();
  return [stamp, title, source.id.slice(0, 8)].filter(Boolean).join('_');
}
