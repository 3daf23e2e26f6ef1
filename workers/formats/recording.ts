// The in-memory shape of one recording, whatever file it came from. Readers produce it, writers consume
// it, the browser's import and playback and the API's import/export share it. Pure: no DOM, no Node.

/** Formats we can detect by content. */
export type RecordingFormat =
  | 'edf'
  | 'edf+'
  | 'bdf'
  | 'bdf+'
  | 'openbci-gui'
  | 'brainflow-csv'
  | 'muse-lsl-csv'
  | 'mind-monitor-csv'
  | 'clisonix-json'
  | 'clisonix-csv';

/** What a channel measures; EEG channels are the ones analysis looks at by default. */
export type ChannelKind = 'eeg' | 'exg' | 'aux' | 'accel' | 'gyro' | 'ppg' | 'status' | 'other';

export interface RecordingChannel {
  /** Label as stored in the file, trimmed (e.g. 'Fc5.' stays 'Fc5.'; EDF padding spaces are removed). */
  label: string;
  kind: ChannelKind;
  /** Physical unit after scaling, e.g. 'uV', 'g', 'deg/s'. */
  unit: string;
  sampleRateHz: number;
  /** Samples in physical units (after the format's scaling), float64. */
  samples: Float64Array;
  /** Extra per-channel header fields (EDF physical/digital range, transducer, prefilter, ...). */
  header?: Record<string, string | number>;
}

/** An annotation, trigger or marker; onset relative to the recording start. */
export interface RecordingMarker {
  onsetSec: number;
  durationSec: number;
  text: string;
}

/** A stretch where samples were not recorded (EDF+D gaps, device packet loss). Never interpolated. */
export interface RecordingGap {
  onsetSec: number;
  durationSec: number;
}

export interface Recording {
  format: RecordingFormat;
  /** Start date and time exactly as stored in the file, as an ISO 8601 string without a zone when the file has none. */
  startTime: string | null;
  channels: RecordingChannel[];
  markers: RecordingMarker[];
  gaps: RecordingGap[];
  /** Things a reader recovered from or could not read (partial files, skipped rows), in plain language. */
  warnings: string[];
  /** Format-specific header fields (patient/recording ids, board, device, ...). */
  metadata: Record<string, unknown>;
}
