// A synthetic session for the export tests: EEG 4 ch x 256 Hz (10 Hz alpha on every channel, a
// different amplitude each), an accelerometer 3 ch x 52 Hz, two markers and one 2 s gap at 8 s.
import type { Recording, RecordingChannel } from '../recording.ts';
import type { SessionExportSource } from '../session/session-source.ts';

export const EEG_LABELS = ['TP9', 'AF7', 'AF8', 'TP10'];

export interface SyntheticSessionOptions {
  seconds?: number;
  gap?: { onsetSec: number; durationSec: number } | null;
  id?: string;
  startedAtMs?: number;
}

function channel(label: string, kind: RecordingChannel['kind'], unit: string, rate: number, n: number, f: (i: number) => number): RecordingChannel {
  return { label, kind, unit, sampleRateHz: rate, samples: Float64Array.from({ length: n }, (_, i) => f(i)) };
}

export function syntheticSession(options: SyntheticSessionOptions = {}): SessionExportSource & { eeg: Recording; accel: Recording } {
  const seconds = options.seconds ?? 20;
  const gap = options.gap === undefined ? { onsetSec: 8, durationSec: 2 } : options.gap;
  const kept = seconds - (gap?.durationSec ?? 0);
  const startedAtMs = options.startedAtMs ?? Date.UTC(2026, 11, 4, 3, 5, 12);
  const startTime = new Date(startedAtMs).toISOString().replace('Z', '');
  const markers = [
    { onsetSec: 2.5, durationSec: 0, text: 'eyes closed' },
    { onsetSec: 14, durationSec: 0, text: 'eyes open' },
  ];
  const gaps = gap ? [gap] : [];
  const base = { format: 'clisonix-json' as const, startTime, markers, gaps, warnings: [], metadata: {} };
  const eegChannels = EEG_LABELS.map((label, k) =>
    channel(
      label,
      'eeg',
      'uV',
      256,
      kept * 256,
      (i) => (20 + 5 * k) * Math.sin((2 * Math.PI * 10 * i) / 256) + 3 * Math.sin((2 * Math.PI * 23 * i) / 256) + k,
    ),
  );
  const accelChannels = ['X', 'Y', 'Z'].map((label, k) =>
    channel(label, 'accel', 'g', 52, kept * 52, (i) => (k === 2 ? 1 : 0) + 0.01 * Math.sin(i / 10 + k)),
  );
  const eeg: Recording = { ...base, channels: eegChannels };
  const accel: Recording = { ...base, channels: accelChannels };
  return {
    id: options.id ?? '1a2b3c4d-0000-4000-8000-000000000001',
    title: 'Morning sit',
    startedAtMs,
    deviceName: 'Synthetic headset',
    notes: '',
    streams: [
      { id: 'eeg', kind: 'eeg', sampleRateHz: 256, channels: EEG_LABELS.map((label) => ({ label, unit: 'uV' })) },
      { id: 'accel', kind: 'accel', sampleRateHz: 52, channels: ['X', 'Y', 'Z'].map((label) => ({ label, unit: 'g' })) },
    ],
    recording: () => ({ ...base, channels: [...eegChannels, ...accelChannels] }),
    streamRecording: (id) => (id === 'eeg' ? eeg : accel),
    eeg,
    accel,
  };
}
