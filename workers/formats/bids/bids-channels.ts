// What BIDS calls each of our channels (channels.tsv `type`), and the per-kind counts _eeg.json wants.
import type { ChannelKind, RecordingChannel } from '../recording.ts';

/** BIDS channel type per kind. Heart rate and RR (kind 'other') and device status are MISC. */
const TYPES: Record<ChannelKind, string> = {
  eeg: 'EEG',
  exg: 'EEG',
  aux: 'MISC',
  accel: 'ACCEL',
  gyro: 'GYRO',
  ppg: 'PPG',
  status: 'TRIG',
  other: 'MISC',
};

export function bidsChannelType(channel: Pick<RecordingChannel, 'kind' | 'label'>): string {
  if (channel.kind === 'exg' && /^(ECG|EKG)/i.test(channel.label)) return 'ECG';
  if (channel.kind === 'exg' && /^EMG/i.test(channel.label)) return 'EMG';
  if (channel.kind === 'exg' && /^EOG/i.test(channel.label)) return 'EOG';
  return TYPES[channel.kind];
}

/** BIDS writes micro as 'u' or 'µ'; ours are 'uV' already. An empty unit is 'n/a'. */
export function bidsUnit(unit: string): string {
  return unit.trim() || 'n/a';
}

/** EEGChannelCount, ECGChannelCount, ... as _eeg.json names them (every key present, 0 when none). */
export function channelCounts(channels: readonly Pick<RecordingChannel, 'kind' | 'label'>[]): Record<string, number> {
  const counts: Record<string, number> = {
    EEGChannelCount: 0,
    EOGChannelCount: 0,
    ECGChannelCount: 0,
    EMGChannelCount: 0,
    MiscChannelCount: 0,
    TriggerChannelCount: 0,
  };
  for (const c of channels) {
    const type = bidsChannelType(c);
    const key =
      type === 'EEG' || type === 'EOG' || type === 'ECG' || type === 'EMG'
        ? `${type}ChannelCount`
        : type === 'TRIG'
          ? 'TriggerChannelCount'
          : 'MiscChannelCount';
    counts[key]++;
  }
  return counts;
}
