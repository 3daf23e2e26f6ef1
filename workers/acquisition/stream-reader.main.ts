// Opens one reader of one stream: a SharedArrayBuffer SPSC ring when the page is cross-origin
// isolated, otherwise a MessagePort that receives transferred chunks. Same surface either way.
import type { ToWorker } from './acquisition.protocol.ts';
import { frameWidth, type ReaderEndpoint, type StreamDescriptor } from '../protocol/streams.ts';
import { createRingBuffer, RingReader } from '../ring/spsc-ring.ts';
import { PortRingReader, type SampleReader } from '../ring/port-ring.ts';
import type { StreamReader } from './device-handle.ts';

/** Whether this page can share memory with workers (SAB rings) rather than copy over a port. */
export const canShareMemory = (): boolean => typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated === true;

/** Creates the reader and asks the worker (through `post`) to write `stream` into it. */
export function openStreamReader(
  post: (m: ToWorker, transfer?: Transferable[]) => void,
  stream: StreamDescriptor,
  readerId: string,
  capacityFrames: number,
  sharedMemory: boolean,
): StreamReader {
  const width = frameWidth(stream.labels.length);
  let reader: SampleReader;
  if (sharedMemory) {
    const ring = createRingBuffer(capacityFrames, width) as SharedArrayBuffer;
    post({ type: 'open-reader', readerId, streamId: stream.id, ring });
    reader = new RingReader(ring);
  } else {
    const channel = new MessageChannel();
    post({ type: 'open-reader', readerId, streamId: stream.id, port: channel.port2, frameWidth: width }, [channel.port2]);
    reader = new PortRingReader(channel.port1, width, capacityFrames);
  }
  return Object.assign(reader, { stream, close: () => post({ type: 'close-reader', readerId }) }) as StreamReader;
}

/**
 * Like openStreamReader, but for a reader in another thread (the neurofeedback worker): returns the
 * endpoint to transfer there. The acquisition worker writes into it directly; the page never sees the frames.
 */
export function openStreamEndpoint(
  post: (m: ToWorker, transfer?: Transferable[]) => void,
  stream: StreamDescriptor,
  readerId: string,
  capacityFrames: number,
  sharedMemory: boolean,
): { endpoint: ReaderEndpoint; close(): void } {
  const width = frameWidth(stream.labels.length);
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
