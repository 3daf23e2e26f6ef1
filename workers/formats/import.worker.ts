// Import worker: reads a File/Blob in slices (bounded memory per read), reports progress and hands the
// decoded channel chunks to the main thread (buffers transferred, not copied), then answers the
// request with the recording's metadata. Bad files are answered with a FormatError; the worker goes on.
/// <reference lib="webworker" />
import { answerRequest } from '../protocol/reply.ts';
import type { FromImport, ImportEvent, ToImport } from './import.protocol.ts';
import { blobSource } from './stream/byte-source.ts';
import { streamRecording } from './stream/stream-recording.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromImport, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

scope.onmessage = (event: MessageEvent<ToImport>) => {
  const m = event.data;
  const send = (e: ImportEvent, transfer?: Transferable[]) => post(e, transfer);
  void answerRequest(post, m?.requestId, () => {
    if (m?.type !== 'import') throw new TypeError(`import worker: unknown request type ${JSON.stringify(m?.type)}`);
    if (!(m.blob instanceof Blob)) throw new TypeError('import worker: import needs the file as a Blob in `blob`');
    return streamRecording(
      blobSource(m.blob),
      {
        onChunk: (chunks) =>
          send(
            { type: 'chunks', requestId: m.requestId, chunks },
            chunks.map((c) => c.samples.buffer as ArrayBuffer),
          ),
        onProgress: (bytesRead, totalBytes) => send({ type: 'progress', requestId: m.requestId, bytesRead, totalBytes }),
      },
      m.options ?? {},
    );
  });
};
