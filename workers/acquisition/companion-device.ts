// A second device read beside the connected headset, in the same acquisition worker: a Bluetooth
// heart-rate strap worn with a headset. Why here, and not a second worker of its own:
//   - one worker holds one recording (AcquisitionRecording), so one SessionRecorder writes both
//     devices' streams into ONE stored session, chunks per stream as always; two workers would race
//     over one session record (metadata versions, gaps, the completion) and need a lock between them;
//   - every stream's timeline maps its own device clock to the same host clock (epoch ms,
//     performance.timeOrigin + now), so streams of two devices line up without any extra alignment.
// The companion has its own decoder, timelines and link state (its own AcquisitionSession): its
// dropping out is a 'disconnect' gap on its streams only, and the headset's decoder never restarts for it.
import type { DeviceDescriptor } from '../protocol/streams.ts';
import { frameWidth } from '../protocol/streams.ts';
import type { SampleWriter } from '../ring/port-ring.ts';
import type { DeviceEvent } from '../devices/decoded.ts';
import type { GapRecord } from '../protocol/streams.ts';
import type { DeviceSetup } from './acquisition.protocol.ts';
import { AcquisitionSession } from './acquisition-session.ts';
import { createDevicePipeline } from './device-setup.ts';

/** Device kinds that can join a headset as a companion (their stream ids differ from every headset's). */
export const COMPANION_KINDS: readonly DeviceSetup['kind'][] = ['heart-rate-strap'];

/** One sample a companion stream placed, for the page's display: its index, fitted host time (epoch ms) and values. */
export interface CompanionReading {
  streamId: string;
  sample: number;
  hostTimeMs: number;
  values: number[];
}

export interface CompanionListeners {
  onGap(gap: GapRecord): void;
  onEvent(event: DeviceEvent): void;
  onReading(reading: CompanionReading): void;
}

/** Hands every placed frame of one stream to `onReading` (a strap places about one a second). */
class ReadingSink implements SampleWriter {
  readonly frameWidth: number;
  constructor(
    private readonly streamId: string,
    channels: number,
    private readonly onReading: (reading: CompanionReading) => void,
  ) {
    this.frameWidth = frameWidth(channels);
  }

  push(frames: Float64Array, frameCount = frames.length / this.frameWidth): boolean {
    for (let f = 0; f < frameCount; f++) {
      const frame = frames.subarray(f * this.frameWidth, (f + 1) * this.frameWidth);
      this.onReading({ streamId: this.streamId, sample: frame[0]!, hostTimeMs: frame[1]!, values: [...frame.subarray(2)] });
    }
    return true;
  }
}

/**
 * Builds the companion's pipeline and session; throws a plain-language Error for a kind that cannot be a
 * companion or a stream id the headset already uses (a replayed headset + strap session has 'hr' too).
 * @example const strap = createCompanion('s1', { kind: 'heart-rate-strap' }, headset.descriptor, listeners);
 */
export function createCompanion(sessionId: string, setup: DeviceSetup, primary: DeviceDescriptor, listeners: CompanionListeners): AcquisitionSession {
  if (!COMPANION_KINDS.includes(setup.kind)) throw new Error(`a ${setup.kind} cannot join a headset; companions: ${COMPANION_KINDS.join(', ')}`);
  const pipeline = createDevicePipeline(setup);
  const taken = new Set(primary.streams.map((s) => s.id));
  const clash = pipeline.descriptor.streams.find((s) => taken.has(s.id));
  if (clash) throw new Error(`${primary.name} already has a stream "${clash.id}", so a ${pipeline.descriptor.name} cannot join it`);
  const session = new AcquisitionSession(sessionId, pipeline.descriptor, pipeline.decoder, listeners);
  for (const stream of pipeline.descriptor.streams)
    session.addSink(stream.id, new ReadingSink(stream.id, stream.channels.length, listeners.onReading));
  return session;
}
