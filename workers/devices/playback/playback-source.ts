// Playback of a Recording as a device. Channels are grouped into streams by sample rate (one stream
// per distinct rate, EEG-like channels first). It emits synthetic-format packets (same decoder path as
// the synthetic headset) on a virtual clock, at `speed` x real time. The recording's gaps are honoured:
// the counter jumps over them, so the acquisition timeline records them as gaps again.
import type { Recording } from '../../formats/recording.ts';
import type { DeviceDescriptor, Stream } from '../../protocol/streams.ts';
import { encodeSyntheticPacket } from '../synthetic/packets.ts';

export interface PlaybackStream {
  descriptor: Stream;
  channelIndexes: number[];
  framesPerPacket: number;
  /** Sample ranges [start, end) to skip (from recording gaps). */
  skips: [number, number][];
  nextSample: number;
  totalSamples: number;
}

const streamKind = (k: string): Stream['kind'] => (k === 'eeg' || k === 'exg' || k === 'accel' || k === 'gyro' || k === 'ppg' ? k : 'aux');

/** Groups a recording's channels into streams by rate. Throws a clear error for an empty recording. */
export function playbackDescriptor(recording: Recording): { descriptor: DeviceDescriptor; streams: PlaybackStream[] } {
  if (recording.channels.length === 0) throw new Error('playback: the recording has no channels');
  const byRate = new Map<number, number[]>();
  recording.channels.forEach((ch, i) => {
    if (!(ch.sampleRateHz > 0)) throw new Error(`playback: channel "${ch.label}" has no valid sample rate (${ch.sampleRateHz})`);
    byRate.set(ch.sampleRateHz, [...(byRate.get(ch.sampleRateHz) ?? []), i]);
  });
  const streams = [...byRate.entries()].map(([rate, idx], n): PlaybackStream => {
    const chans = idx.map((i) => recording.channels[i]!);
    const totalSamples = Math.min(...chans.map((c) => c.samples.length));
    const skips = recording.gaps.map((g): [number, number] => [Math.round(g.onsetSec * rate), Math.round((g.onsetSec + g.durationSec) * rate)]);
    return {
      descriptor: {
        id: n === 0 ? 'eeg' : `stream-${rate}hz`,
        kind: streamKind(chans[0]!.kind),
        channels: chans.map((c) => ({ label: c.label, unit: c.unit })),
        sampleRateHz: rate,
      },
      channelIndexes: idx,
      framesPerPacket: Math.max(1, Math.round(rate / 32)),
      skips,
      nextSample: 0,
      totalSamples,
    };
  });
  return { descriptor: { kind: 'playback', name: `Playback (${recording.format})`, streams: streams.map((s) => s.descriptor) }, streams };
}

/** Produces the packets of every stream due by `elapsedMs` of playback time (already multiplied by speed). */
export function advancePlayback(
  recording: Recording,
  streams: PlaybackStream[],
  elapsedMs: number,
  deliver: (streamId: string, bytes: Uint8Array) => void,
): boolean {
  let finished = true;
  for (const s of streams) {
    const rate = s.descriptor.sampleRateHz;
    const due = Math.min(s.totalSamples, Math.floor((elapsedMs / 1000) * rate));
    while (s.nextSample + s.framesPerPacket <= due || (due === s.totalSamples && s.nextSample < due)) {
      const frames = Math.min(s.framesPerPacket, s.totalSamples - s.nextSample);
      const values = new Float64Array(frames * s.channelIndexes.length);
      for (let f = 0; f < frames; f++)
        s.channelIndexes.forEach((ci, c) => (values[f * s.channelIndexes.length + c] = recording.channels[ci]!.samples[s.nextSample + f]!));
      const inGap = s.skips.some(([a, b]) => s.nextSample >= a && s.nextSample < b);
      // packet counter = packet number; packets inside a recorded gap are not sent, so the counter jumps
      if (!inGap)
        deliver(s.descriptor.id, encodeSyntheticPacket(Math.floor(s.nextSample / s.framesPerPacket), frames, s.channelIndexes.length, values));
      s.nextSample += frames;
    }
    if (s.nextSample < s.totalSamples) finished = false;
  }
  return finished;
}
