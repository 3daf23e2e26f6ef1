// The reading side of a ReaderEndpoint, in whichever thread holds it: the SAB ring itself, or a
// queue of the chunks arriving on the port (bounded by `capacityFrames`, overflow counted).
import type { ReaderEndpoint } from '../protocol/streams.ts';
import { PortRingReader, type SampleReader } from './port-ring.ts';
import { RingReader } from './spsc-ring.ts';

export function readerForEndpoint(endpoint: ReaderEndpoint, capacityFrames: number): SampleReader {
  return 'ring' in endpoint ? new RingReader(endpoint.ring) : new PortRingReader(endpoint.port, endpoint.frameWidth, capacityFrames);
}
