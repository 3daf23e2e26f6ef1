// Messages between the page and the session export worker (session-export.worker.ts). One request
// per export; before its reply the worker posts the bytes of the file as they are made (buffers
// transferred) and which file it is writing, each carrying the request's requestId.
import type { BandsHz } from '../../../../dsp-wasm/src/band-measures.ts';
import type { PlannedExport } from '../../../../workers/formats/session/session-export.ts';
import type { Reply } from '../../../../workers/protocol/reply.ts';

export interface ExportRequestOptions {
  /** Band powers, quality and scores per frame beside the raw, with these band edges. */
  derived: { bands: BandsHz; mainsHz: 50 | 60 } | null;
  powerLineHz: 50 | 60 | null;
  bidsBits?: 16 | 24;
}

/** Page to worker: export the sessions stored under `sessionIds` (in this order) in `format`. */
export type ToSessionExport = { type: 'export'; requestId: number; sessionIds: string[]; format: string; options: ExportRequestOptions };

export type SessionExportEvent =
  | { type: 'data'; requestId: number; bytes: Uint8Array; final: boolean }
  | { type: 'progress'; requestId: number; file: string; filesDone: number };

export type SessionExportResult = PlannedExport & { files: string[]; bytes: number };

export type FromSessionExport = SessionExportEvent | Reply<SessionExportResult>;
