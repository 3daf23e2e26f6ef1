// A BIDS-EEG dataset (BIDS 1.9) of one or more sessions of one person:
//
//   dataset_description.json, README, participants.tsv/.json
//   sub-<subject>/sub-<subject>_sessions.tsv/.json       acq_time, title and Clisonix id of each session
//   sub-<subject>/ses-<label>/sub-<subject>_ses-<label>_scans.tsv
//   sub-<subject>/ses-<label>/eeg/sub-<subject>_ses-<label>_task-<task>_
//       eeg.edf|bdf    every stream of the session in one EDF+/BDF+ (each signal at its own rate; gaps as EDF+D)
//       eeg.json       SamplingFrequency (the EEG's), EEGReference, PowerLineFrequency, RecordingDuration, counts
//       channels.tsv   name, type (EEG, ACCEL, GYRO, PPG, MISC, TRIG), units, sampling_frequency (per channel)
//       events.tsv     onset, duration, trial_type ('marker' or 'gap'), value (the marker's text)
//   sub-<subject>/ses-<label>/eeg/sub-<subject>_ses-<label>_electrodes.tsv + _coordsystem.json
//                  template positions (EEGLAB sphere, mm) of the EEG channels named by the 10-20 system
//   derivatives/clisonix/...   band powers (and training scores) per frame, when asked for
//
// Session labels are the UTC start (`ses-20261204T030512`): stable when sessions are exported
// separately and merged later. Event onsets are recording time (s from the first sample), as in the
// EDF+ annotations; a gap's samples are absent from the file, not filled in.
import { writeEdf } from '../edf/edf-writer.ts';
import { bandPowerCsv, DERIVED_FRAME, type DerivedOptions } from '../session/derived-bands.ts';
import type { ExportedFile } from '../session/session-export.ts';
import type { SessionExportSource } from '../session/session-source.ts';
import { trainingCsv } from '../session/training-csv.ts';
import { tenTwentyXyzMm } from '../../devices/ten-twenty.ts';
import { bidsChannelType, bidsUnit, channelCounts } from './bids-channels.ts';
import { json, tsv } from './bids-tsv.ts';

export const BIDS_VERSION = '1.9.0';

export interface BidsOptions {
  /** 16 = EDF+, 24 = BDF+. */
  bits: 16 | 24;
  /** Participant label (alphanumeric); one person's data, so one subject. */
  subject?: string;
  /** Task label (alphanumeric). */
  task?: string;
  /** Mains frequency where the recording was made (Settings). */
  powerLineHz?: 50 | 60 | null;
  /** Band powers per analysis frame under derivatives/ (needs the ALBI kernels). */
  derived?: DerivedOptions | null;
  /** Name of the dataset (dataset_description.json). */
  name?: string;
}

const label = (text: string, fallback: string) => text.replace(/[^A-Za-z0-9]+/g, '') || fallback;

/** `20261204T030512`, made unique within the dataset by a letter when two sessions start in the same second. */
function sessionLabels(sources: readonly SessionExportSource[]): string[] {
  const used = new Set<string>();
  return sources.map((s) => {
    const base = new Date(s.startedAtMs).toISOString().slice(0, 19).replace(/[-:]/g, '');
    let name = base;
    for (let i = 0; used.has(name); i++) name = `${base}${String.fromCharCode(97 + i)}`;
    used.add(name);
    return name;
  });
}

/** The EEG reference of the devices we know; 'n/a' for the rest (BIDS: REQUIRED, n/a allowed). */
function eegReference(deviceName: string): string {
  if (/muse/i.test(deviceName)) return "Fpz (the headband's reference electrode)";
  if (/cyton|ganglion|openbci/i.test(deviceName)) return 'SRB pin (placement not recorded)';
  return 'n/a';
}

/**
 * Every file of the dataset, one at a time (a zip can take each and let it go).
 * @example for (const file of bidsDataset(sources, { bits: 16 })) zip.add(file);
 */
export function* bidsDataset(sources: readonly SessionExportSource[], options: BidsOptions): Generator<ExportedFile> {
  yield* bidsDatasetFiles(sources, options);
  for (let i = 0; i < sources.length; i++) yield* bidsSessionFiles(sources, i, options);
}

/** The files of one session (index `i` of `sources`: its label depends on the others' start times). */
export function* bidsSessionFiles(sources: readonly SessionExportSource[], i: number, options: BidsOptions): Generator<ExportedFile> {
  const subject = label(options.subject ?? '01', '01');
  const task = label(options.task ?? 'recording', 'recording');
  yield* bidsSession(sources[i], sessionLabels(sources)[i], subject, task, options.bits === 24 ? 'bdf' : 'edf', options);
}

/** The dataset's own files (description, README, participants, sessions table), before any session's. */
export function* bidsDatasetFiles(sources: readonly SessionExportSource[], options: BidsOptions): Generator<ExportedFile> {
  const subject = label(options.subject ?? '01', '01');
  const ext = options.bits === 24 ? 'bdf' : 'edf';
  const labels = sessionLabels(sources);
  yield {
    path: 'dataset_description.json',
    bytes: json({
      Name: options.name ?? 'Clisonix recordings',
      BIDSVersion: BIDS_VERSION,
      DatasetType: 'raw',
      GeneratedBy: [{ Name: 'Clisonix', Description: 'Browser EEG studio; exported from its session store' }],
    }),
  };
  yield {
    path: 'README',
    bytes: new TextEncoder().encode(
      [
        'EEG sessions recorded with Clisonix and exported as BIDS-EEG.',
        '',
        `Each session's ${ext.toUpperCase()}+ file holds every stream the device recorded (EEG, accelerometer, gyroscope, PPG, ...),`,
        'each signal at its own rate (channels.tsv: sampling_frequency). Markers and gaps (samples that never',
        "arrived) are in events.tsv and in the file's annotations; onsets are seconds from the first sample.",
        "A gap's samples are absent (EDF+D), never interpolated.",
        options.derived
          ? `derivatives/clisonix: band powers per ${DERIVED_FRAME.windowSec} s frame every ${DERIVED_FRAME.stepSec} s (ALBI), quality and training scores.`
          : '',
        '',
      ].join('\n'),
    ),
  };
  yield { path: 'participants.tsv', bytes: tsv(['participant_id'], [[`sub-${subject}`]]) };
  yield {
    path: 'participants.json',
    bytes: json({ participant_id: { Description: 'Participant label (one person: the studio keeps no participant data)' } }),
  };
  yield {
    path: `sub-${subject}/sub-${subject}_sessions.tsv`,
    bytes: tsv(
      ['session_id', 'acq_time', 'clisonix_session_id', 'title'],
      sources.map((s, i) => [`ses-${labels[i]}`, s.startTimeUnknown ? null : new Date(s.startedAtMs).toISOString().slice(0, 19), s.id, s.title]),
    ),
  };
  yield {
    path: `sub-${subject}/sub-${subject}_sessions.json`,
    bytes: json({
      acq_time: { Description: 'UTC start of the first sample (n/a: the imported file had no start time)' },
      clisonix_session_id: { Description: 'The session id in the studio and on its server' },
      title: { Description: 'The session title given in the studio' },
    }),
  };
  if (options.derived) {
    yield {
      path: 'derivatives/clisonix/dataset_description.json',
      bytes: json({
        Name: 'Clisonix band powers, quality and training scores',
        BIDSVersion: BIDS_VERSION,
        DatasetType: 'derivative',
        GeneratedBy: [
          {
            Name: 'Clisonix',
            Description: `ALBI analyzeChannels and Welch band powers, ${DERIVED_FRAME.windowSec} s frames every ${DERIVED_FRAME.stepSec} s`,
          },
        ],
      }),
    };
  }
}

function* bidsSession(
  source: SessionExportSource,
  sessionLabel: string,
  subject: string,
  task: string,
  ext: 'edf' | 'bdf',
  options: BidsOptions,
): Generator<ExportedFile> {
  const recording = source.recording();
  const folder = `sub-${subject}/ses-${sessionLabel}`;
  const stem = `sub-${subject}_ses-${sessionLabel}_task-${task}`;
  const eegFile = `eeg/${stem}_eeg.${ext}`;
  const eeg = recording.channels.find((c) => c.kind === 'eeg' || c.kind === 'exg') ?? recording.channels[0];
  const durationSec =
    Math.max(0, ...recording.channels.map((c) => c.samples.length / c.sampleRateHz)) + recording.gaps.reduce((n, g) => n + g.durationSec, 0);
  yield { path: `${folder}/${eegFile}`, bytes: writeEdf(recording, options.bits) };
  yield {
    path: `${folder}/eeg/${stem}_eeg.json`,
    bytes: json({
      TaskName: task,
      SamplingFrequency: eeg?.sampleRateHz ?? 'n/a',
      EEGReference: eegReference(source.deviceName),
      PowerLineFrequency: options.powerLineHz ?? 'n/a',
      SoftwareFilters: 'n/a',
      RecordingDuration: Number(durationSec.toFixed(6)),
      RecordingType: recording.gaps.length ? 'discontinuous' : 'continuous',
      ...channelCounts(recording.channels),
      Manufacturer: source.deviceName.split(' ')[0] || 'n/a',
      ManufacturersModelName: source.deviceName || 'n/a',
      SoftwareVersions: 'Clisonix',
    }),
  };
  yield {
    path: `${folder}/eeg/${stem}_channels.tsv`,
    bytes: tsv(
      ['name', 'type', 'units', 'sampling_frequency', 'status'],
      recording.channels.map((c) => [c.label, bidsChannelType(c), bidsUnit(c.unit), c.sampleRateHz, 'good']),
    ),
  };
  const events = [
    ...recording.markers.map((m) => ({ onset: m.onsetSec, duration: m.durationSec, type: 'marker', value: m.text })),
    ...recording.gaps.map((g) => ({ onset: g.onsetSec, duration: g.durationSec, type: 'gap', value: 'no data' })),
  ].sort((a, b) => a.onset - b.onset);
  yield {
    path: `${folder}/eeg/${stem}_events.tsv`,
    bytes: tsv(
      ['onset', 'duration', 'trial_type', 'value'],
      events.map((e) => [Number(e.onset.toFixed(6)), Number(e.duration.toFixed(6)), e.type, e.value]),
    ),
  };
  yield {
    path: `${folder}/eeg/${stem}_events.json`,
    bytes: json({
      onset: { Description: 'Seconds from the first sample (recording time, gaps included)', Units: 's' },
      duration: { Description: 'Seconds; 0 for a marker placed at one moment', Units: 's' },
      trial_type: {
        Description: 'What the event is',
        Levels: {
          marker: 'A marker placed during the recording (button, key, schedule step, import, API)',
          gap: 'Samples that never arrived (packet loss or disconnect)',
        },
      },
      value: { Description: "The marker's text; 'no data' for a gap" },
    }),
  };
  const placed = recording.channels
    .filter((c) => bidsChannelType(c) === 'EEG')
    .map((c) => [c.label, tenTwentyXyzMm(c.label)] as const)
    .filter((p): p is readonly [string, [number, number, number]] => p[1] !== undefined);
  if (placed.length) {
    const sessionStem = `sub-${subject}_ses-${sessionLabel}`;
    yield {
      path: `${folder}/eeg/${sessionStem}_electrodes.tsv`,
      bytes: tsv(
        ['name', 'x', 'y', 'z'],
        placed.map(([name, xyz]) => [name, ...xyz.map((v) => Number(v.toFixed(2)))]),
      ),
    };
    yield {
      path: `${folder}/eeg/${sessionStem}_coordsystem.json`,
      bytes: json({
        EEGCoordinateSystem: 'EEGLAB',
        EEGCoordinateUnits: 'mm',
        EEGCoordinateSystemDescription:
          'Template positions of the 10-20/10-10 names on an 85 mm sphere (EEGLAB axes: x to the nose, y to the left ear, z up), not measured on this head.',
      }),
    };
  }
  yield {
    path: `${folder}/${stem.replace(`_task-${task}`, '')}_scans.tsv`,
    bytes: tsv(['filename', 'acq_time'], [[eegFile, source.startTimeUnknown ? null : new Date(source.startedAtMs).toISOString().slice(0, 19)]]),
  };
  if (options.derived) {
    const derived = `derivatives/clisonix/${folder}/eeg/${stem}`;
    const bands = bandPowerCsv(recording, options.derived);
    if (bands) yield { path: `${derived}_desc-bandpowers_timeseries.csv`, bytes: bands };
    if (source.training?.points.length)
      yield { path: `${derived}_desc-training_timeseries.csv`, bytes: trainingCsv(source.training, source.startedAtMs) };
  }
}
