// Session export worker: reads the chosen sessions from IndexedDB, writes them with the shared
// exporter (workers/formats/session: EDF+/BDF+, CSV layouts, JSON, BIDS; band powers by ALBI), and
// posts the bytes to the page as they are made, so the page can stream them into a file. A session
// it cannot find, or a format a session does not fit, is answered as an error; the worker goes on.
/// <reference lib="webworker" />
import albiUrl from '../../../../dsp-wasm/build/albi.wasm?url';
import { loadAlbi } from '../../../../dsp-wasm/src/load-albi.ts';
import { writeSessionExportLoaded } from '../../../../workers/formats/session/session-export.ts';
import { answerRequest } from '../../../../workers/protocol/reply.ts';
import { listChunks } from '../../../../workers/storage/chunk-store.ts';
import { openStudioDb } from '../../../../workers/storage/db.ts';
import { getSession } from '../../../../workers/storage/session-store.ts';
import type { FromSessionExport, SessionExportResult, ToSessionExport } from './session-export.protocol.ts';
import { storedSessionSource } from './session-export-source.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromSessionExport, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

async function exportSessions(m: ToSessionExport): Promise<SessionExportResult> {
  const db = await openStudioDb();
  const sources = [];
  for (const id of m.sessionIds) {
    const session = await getSession(db, id);
    if (!session) throw new Error(`Session ${id} is not in this browser any more.`);
    if (session.status === 'recording') throw new Error(`“${session.title}” is still recording; stop it first.`);
    // Each session's chunks are read when its files are made, and let go after: one session in memory at a time.
    sources.push(storedSessionSource(session, () => listChunks(db, id)));
  }
  const derived = m.options.derived ? { albi: await loadAlbi(albiUrl), ...m.options.derived } : null;
  let bytes = 0;
  const result = await writeSessionExportLoaded(
    sources,
    m.format,
    {
      derived,
      powerLineHz: m.options.powerLineHz,
      bidsBits: m.options.bidsBits,
      onFile: (file, filesDone) => post({ type: 'progress', requestId: m.requestId, file, filesDone }),
    },
    (chunk, final) => {
      bytes += chunk.byteLength;
      // fflate hands out views of its own buffers: a copy is what can be transferred.
      const copy = chunk.slice();
      post({ type: 'data', requestId: m.requestId, bytes: copy, final }, [copy.buffer]);
    },
  );
  return { ...result, bytes };
}

scope.onmessage = (event: MessageEvent<ToSessionExport>) => {
  const m = event.data;
  void answerRequest(post, m?.requestId, () => {
    if (m?.type !== 'export') throw new TypeError(`session export worker: unknown request type ${JSON.stringify(m?.type)}`);
    if (!Array.isArray(m.sessionIds) || !m.sessionIds.length) throw new TypeError('session export worker: export needs at least one session id');
    return exportSessions(m);
  });
};
