// Connects a device (or the synthetic headset, or a file played back) through the acquisition
// worker and exposes it as a LiveSource. The page reads no samples: the live-view and neurofeedback
// workers open their own readers of the acquisition rings, and recording runs in the acquisition worker.
import { connectDevice as connectAcquisition, type ConnectOptions, type DeviceHandle } from '../../../../workers/acquisition/acquisition.main.ts';
import type { DeviceKind } from '../../../../workers/protocol/streams.ts';
import type { AthenaPresetId } from '../../../../workers/devices/muse-athena/descriptor.ts';
import type { LiveSource } from './live-source.ts';

/** Wraps a connected DeviceHandle as a LiveSource. */
export function deviceToLiveSource(device: DeviceHandle, name: string): LiveSource {
  return {
    name,
    kind: 'device',
    streams: device.streams,
    onState: (l) => device.onState(l),
    lostSamples: () => Object.fromEntries((device.stats()?.streams ?? []).map((s) => [s.streamId, s.lostSamples])),
    gaps: () => device.gaps,
    startRecording: (options) => device.startRecording(options),
    ...(device.descriptor.kind === 'synthetic' && { simulateDisconnect: (ms: number) => device.simulateDisconnect(ms) }),
    openStreamEndpoint: (streamId) => device.openReaderEndpoint(streamId),
    disconnect: () => device.disconnect(),
  };
}

const names: Record<DeviceKind, string> = {
  synthetic: 'Synthetic headset',
  muse: 'Muse',
  ganglion: 'Ganglion',
  cyton: 'Cyton',
  'cyton-daisy': 'Cyton + Daisy',
  playback: 'Playback',
};

/**
 * Connects `kind`; for Bluetooth/Serial devices call this from a click handler (the browser's chooser
 * needs the user gesture). `synthetic` picks the demo headset's channel count and rate; `muse.athenaPreset`
 * the preset used if the Muse turns out to be a Muse S Athena.
 */
export async function connectDevice(
  kind: DeviceKind,
  synthetic?: { channelCount: number; sampleRateHz: number },
  muse?: { athenaPreset?: AthenaPresetId },
): Promise<LiveSource> {
  const options: ConnectOptions =
    kind === 'synthetic'
      ? { synthetic: { channelCount: synthetic?.channelCount ?? 8, sampleRateHz: synthetic?.sampleRateHz ?? 250, seed: 7 } }
      : kind === 'muse'
        ? { athenaPreset: muse?.athenaPreset }
        : {};
  const device = await connectAcquisition(kind, options);
  const label =
    kind === 'synthetic'
      ? `${names[kind]} (${device.streams[0].channels.length} ch @ ${device.streams[0].sampleRateHz} Hz)`
      : device.descriptor.name || names[kind];
  return deviceToLiveSource(device, label);
}

/** Plays a recording file back in real time through the same pipeline as a device. */
export async function connectFilePlayback(file: File): Promise<LiveSource> {
  const { readFileAsRecording } = await import('../sessions/read-file.ts');
  const recording = await readFileAsRecording(file, () => {});
  const device = await connectAcquisition('playback', { playback: { recording, speed: 1 } });
  return deviceToLiveSource(device, `Playback: ${file.name}`);
}
