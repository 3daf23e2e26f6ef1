// Connects a device (or the synthetic headset, or a file played back) through the acquisition
// worker and exposes it as a LiveSource. The page reads no samples: the live-view and neurofeedback
// workers open their own readers of the acquisition rings, and recording runs in the acquisition worker.
import { connectDevice as connectAcquisition, type ConnectOptions, type DeviceHandle } from '../../../../workers/acquisition/acquisition.main.ts';
import type { DeviceKind } from '../../../../workers/protocol/streams.ts';
import type { AthenaPresetId } from '../../../../workers/devices/muse-athena/descriptor.ts';
import type { MusePreset } from '../../../../workers/devices/muse/descriptor.ts';
import type { LiveSource } from './live-source.ts';
import type { DeviceEvent } from '../../../../workers/devices/decoded.ts';

/** Wraps a connected DeviceHandle as a LiveSource. */
export function deviceToLiveSource(device: DeviceHandle, name: string): LiveSource {
  // The newest battery reading, handed to each new listener: a device reports it every few seconds
  // at most (the Athena's status reply once, at connect), and the screens subscribe later.
  let lastTelemetry: DeviceEvent | null = null;
  device.onDeviceEvent((event) => {
    if (event.type === 'telemetry') lastTelemetry = event;
  });
  return {
    name,
    kind: 'device',
    streams: device.streams,
    onState: (l) => device.onState(l),
    onDeviceEvent: (l) => {
      if (lastTelemetry) l(lastTelemetry);
      return device.onDeviceEvent(l);
    },
    lostSamples: () => Object.fromEntries((device.stats()?.streams ?? []).map((s) => [s.streamId, s.lostSamples])),
    packetisation: (streamId) => {
      const stats = device.stats()?.streams.find((s) => s.streamId === streamId);
      const stream = device.streams.find((s) => s.id === streamId);
      if (!stats?.packets || !stream) return null;
      const samplesPerPacket = stats.samples / stats.packets;
      return { samplesPerPacket, ms: (samplesPerPacket / stream.sampleRateHz) * 1000 };
    },
    gaps: () => device.gaps,
    startRecording: (options) => device.startRecording(options),
    // A strap joins a source with EEG (not a strap, nor a replayed file without EEG).
    ...(device.streams.some((s) => s.kind === 'eeg') && { addCompanion: (kind: 'heart-rate-strap') => device.addCompanion(kind) }),
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
  'heart-rate-strap': 'Heart-rate strap',
  playback: 'Playback',
};

/**
 * Connects `kind`; for Bluetooth/Serial devices call this from a click handler (the browser's chooser
 * needs the user gesture). `synthetic` picks the demo headset's channel count and rate; `muse.preset` the
 * preset of a Muse 2016 / 2 / S gen 1, `muse.athenaPreset` the one used if the Muse turns out to be a Muse S Athena;
 * `channelNames` names the EEG inputs of a board with numbered ones (Cyton, Daisy, Ganglion: montages.ts).
 */
export async function connectDevice(
  kind: DeviceKind,
  synthetic?: { channelCount: number; sampleRateHz: number },
  muse?: { preset?: MusePreset; athenaPreset?: AthenaPresetId },
  channelNames?: string[],
): Promise<LiveSource> {
  const options: ConnectOptions =
    kind === 'synthetic'
      ? { synthetic: { channelCount: synthetic?.channelCount ?? 8, sampleRateHz: synthetic?.sampleRateHz ?? 250, seed: 7 } }
      : kind === 'muse'
        ? { musePreset: muse?.preset, athenaPreset: muse?.athenaPreset }
        : channelNames
          ? { channelNames }
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
