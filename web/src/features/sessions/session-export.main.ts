// The page's side of research exports: runs session-export.worker.ts and streams what it makes into
// a file. Where the File System Access API is offered (Chromium), the person picks the file first
// (`showSaveFilePicker`, inside the click) and the bytes are written into it as they come; elsewhere
// they are kept as Blob parts and handed to the browser's download when complete.
import { planExport, type PlannedExport } from '../../../../workers/formats/session/session-export.ts';
import { createWorkerBridge } from '../../../../workers/bridge/request-bridge.ts';
import type { StoredSession } from '../../../../workers/storage/types.ts';
import { exportableStreams } from './session-export-source.ts';
import type { ExportRequestOptions, FromSessionExport, SessionExportEvent, SessionExportResult } from './session-export.protocol.ts';

/** An export that posts nothing for this long counts as a dead worker (one file of a long session is written at once). */
const SILENCE_LIMIT_MS = 120_000;

/** Where an export's bytes go. */
export interface ExportSink {
  write(bytes: Uint8Array): Promise<void> | void;
  close(): Promise<void> | void;
  abort(): Promise<void> | void;
}

interface SaveFilePickerWindow {
  showSaveFilePicker?: (options: {
    suggestedName: string;
    types?: Array<{ description: string; accept: Record<string, string[]> }>;
  }) => Promise<{ createWritable(): Promise<{ write(data: Uint8Array): Promise<void>; close(): Promise<void>; abort(): Promise<void> }> }>;
}

/** A sink that keeps the parts and, on close, gives them to `done` as one Blob. */
export function blobSink(type: string, done: (blob: Blob) => void): ExportSink {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  return {
    write: (bytes) => void parts.push(bytes as Uint8Array<ArrayBuffer>),
    close: () => done(new Blob(parts, { type })),
    abort: () => void parts.splice(0),
  };
}

/** Hands a Blob to the browser's download under `fileName`. */
function download(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const mimeOf = (plan: PlannedExport) =>
  plan.zipped
    ? 'application/zip'
    : /\.(csv|txt)$/.test(plan.fileName)
      ? 'text/csv'
      : /\.json$/.test(plan.fileName)
        ? 'application/json'
        : 'application/octet-stream';

/**
 * Asks where to save (File System Access where there is one; call it inside the click), else a
 * download when the export is complete. Null when the person cancelled the dialog.
 */
export async function chooseSink(plan: PlannedExport): Promise<ExportSink | null> {
  const picker = (window as unknown as SaveFilePickerWindow).showSaveFilePicker;
  if (!picker) return blobSink(mimeOf(plan), (blob) => download(plan.fileName, blob));
  const ext = plan.fileName.slice(plan.fileName.lastIndexOf('.'));
  try {
    const handle = await picker.call(window, {
      suggestedName: plan.fileName,
      types: [{ description: plan.zipped ? 'Zip archive' : 'Recording', accept: { [mimeOf(plan)]: [ext] } }],
    });
    const writable = await handle.createWritable();
    return { write: (bytes) => writable.write(bytes), close: () => writable.close(), abort: () => writable.abort() };
  } catch (error) {
    if ((error as Error).name === 'AbortError') return null;
    throw error;
  }
}

export interface ExportProgress {
  file: string;
  filesDone: number;
  bytes: number;
}

/**
 * Exports stored sessions in `format` through the export worker into `sink`, in order.
 * @example await exportSessions(['1a2b…'], 'bids', options, await chooseSink(planExport(sessions, 'bids', false)));
 */
export async function exportSessions(
  sessionIds: string[],
  format: string,
  options: ExportRequestOptions,
  sink: ExportSink,
  onProgress?: (progress: ExportProgress) => void,
  signal?: AbortSignal,
): Promise<SessionExportResult> {
  const bridge = createWorkerBridge<FromSessionExport>({
    name: 'session export worker',
    createWorker: () => new Worker(new URL('./session-export.worker.ts', import.meta.url), { type: 'module', name: 'clisonix-session-export' }),
    timeoutMs: SILENCE_LIMIT_MS,
  });
  let writing = Promise.resolve();
  let bytes = 0;
  try {
    const result = await bridge.request<SessionExportResult, SessionExportEvent>(
      { type: 'export', sessionIds, format, options },
      {
        signal,
        onEvent: (e) => {
          if (e.type === 'data') {
            bytes += e.bytes.byteLength;
            writing = writing.then(() => sink.write(e.bytes));
          } else onProgress?.({ file: e.file, filesDone: e.filesDone, bytes });
        },
      },
    );
    await writing;
    await sink.close();
    return result;
  } catch (error) {
    await writing.catch(() => {});
    await sink.abort();
    throw error;
  } finally {
    bridge.terminate();
  }
}

/**
 * One session as a Blob in `format` (for "download all my data" and other callers that build their
 * own archive): the same files the Sessions screen exports.
 * @example const { blob, fileName } = await exportSession(session, 'bdf');
 */
export async function exportSession(
  session: StoredSession,
  format: string,
  options: ExportRequestOptions = { derived: null, powerLineHz: null },
): Promise<{ blob: Blob; fileName: string; files: string[] }> {
  const plan = planExport([{ ...session, streams: exportableStreams(session) }], format, Boolean(options.derived));
  let blob: Blob | null = null;
  const result = await exportSessions(
    [session.id],
    format,
    options,
    blobSink(mimeOf(plan), (b) => (blob = b)),
  );
  return { blob: blob as unknown as Blob, fileName: result.fileName, files: result.files };
}
