// Opens one reader of one stream: a SharedArrayBuffer SPSC ring when the page is cross-origin
// isolated, otherwise a MessagePort that receives transferred chunks. Same surface either way.
import type { ToWorker } from './acquisition.protocol.ts';
import { frameWidth, type ReaderEndpoint, type Stream } from '../protocol/streams.ts';
import { createRingBuffer } from '../ring/spsc-ring.ts';
import { readerForEndpoint } from '../ring/endpoint-reader.ts';
import type { StreamReader } from './device-handle.ts';

/** Whether this page can share memory with workers (SAB rings) rather than copy over a port. */
export const canShareMemory = (): boolean => typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated === true;

/**
 * Asks the worker (through `post`) to write `stream` into a new endpoint: a SAB ring when memory can be
 * shared, a MessagePort otherwise. Transfer the endpoint to read in another thread (the neurofeedback worker).
 */
export function openStreamEndpoint(
  post: (m: ToWorker, transfer?: Transferable[]) => void,
  stream: Stream,
  readerId: string,
  capacityFrames: number,
  sharedMemory: boolean,
): { endpoint: ReaderEndpoint; close(): void } {
  const width = frameWidth(stream.channels.length);
  let endpoint: ReaderEndpoint;
  if (sharedMemory) {
    const ring = createRingBuffer(capacityFrames, width) as SharedArrayBuffer;
    post({ type: 'open-reader', readerId, streamId: stream.id, ring });
    endpoint = { ring };
  } else {
    const channel = new MessageChannel();
    post({ type: 'open-reader', readerId, streamId: stream.id, port: channel.port2, frameWidth: width }, [channel.port2]);
    endpoint = { port: channel.port1, frameWidth: width };
  }
  return { endpoint, close: () => post({ type: 'close-reader', readerId }) };
}

/** Opens an endpoint and reads it here, on the page. */
export function openStreamReader(
  post: (m: ToWorker, transfer?: Transferable[]) => void,
  stream: Stream,
  readerId: string,
  capacityFrames: number,
  sharedMemory: boolean,
): StreamReader {
  const { endpoint, close } = openStreamEndpoint(post, stream, readerId, capacityFrames, sharedMemory);
  return Object.assign(readerForEndpoint(endpoint, capacityFrames), { stream, close }) as StreamReader;
}
