// Session exports: every stream, the CSV layouts read back by our importers, the derived band powers,
// and a BIDS-EEG dataset that the bids-validator npm package passes and MNE reads.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAlbi } from '../../../dsp-wasm/src/load-albi.ts';
import { DEFAULT_BANDS_HZ } from '../../../dsp-wasm/src/band-measures.ts';
import type { Albi } from '../../../dsp-wasm/src/albi.ts';
import { readRecording } from '../index.ts';
import { repoRoot } from '../test-support/reference-data.ts';
import { EEG_LABELS, syntheticSession } from '../test-support/synthetic-session.ts';
import { bidsDataset } from '../bids/bids-dataset.ts';
import { sessionExportFiles, writeSessionExport, writeSessionExportLoaded, type ExportedFile } from './session-export.ts';

let albi: Albi;
let dir = '';
beforeAll(async () => {
  albi = await loadAlbi();
  dir = mkdtempSync(path.join(tmpdir(), 'clisonix-bids-'));
});
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

const text = (file: ExportedFile) => new TextDecoder().decode(file.bytes);
const byPath = (files: ExportedFile[], suffix: string) => {
  const file = files.find((f) => f.path.endsWith(suffix));
  if (!file) throw new Error(`no file ending in ${suffix} among ${files.map((f) => f.path).join(', ')}`);
  return file;
};

describe('session exports: every stream', () => {
  it('EDF+ and BDF+ hold EEG and accelerometer at their own rates, with the markers and the gap', () => {
    const session = syntheticSession();
    for (const format of ['edf', 'bdf'] as const) {
      const [file, ...rest] = [...sessionExportFiles([session], format)];
      expect(rest).toEqual([]);
      expect(file.path).toBe(`2026-12-04T0305_morning-sit_1a2b3c4d.${format}`);
      const reread = readRecording(file.bytes);
      expect(reread.channels.map((c) => `${c.label}@${c.sampleRateHz}`)).toEqual([...EEG_LABELS.map((l) => `${l}@256`), 'X@52', 'Y@52', 'Z@52']);
      expect(reread.channels[4].samples.length).toBe(18 * 52);
      expect(reread.gaps).toEqual([{ onsetSec: 8, durationSec: 2 }]);
      expect(reread.markers.map((m) => [m.onsetSec, m.text])).toEqual([
        [2.5, 'eyes closed'],
        [14, 'eyes open'],
      ]);
    }
  });

  it('CSV (ours) and JSON: one file per stream, read back exactly', () => {
    const session = syntheticSession();
    for (const format of ['csv', 'json'] as const) {
      const files = [...sessionExportFiles([session], format)];
      expect(files.map((f) => f.path)).toEqual([
        `2026-12-04T0305_morning-sit_1a2b3c4d_eeg.${format}`,
        `2026-12-04T0305_morning-sit_1a2b3c4d_accel.${format}`,
      ]);
      const eeg = readRecording(files[0].bytes);
      const accel = readRecording(files[1].bytes);
      expect(eeg.channels.map((c) => c.label)).toEqual(EEG_LABELS);
      expect(Array.from(eeg.channels[2].samples)).toEqual(Array.from(session.eeg.channels[2].samples));
      expect(accel.channels.map((c) => [c.label, c.kind, c.unit, c.sampleRateHz])).toEqual(['X', 'Y', 'Z'].map((l) => [l, 'accel', 'g', 52]));
      expect(eeg.gaps).toEqual([{ onsetSec: 8, durationSec: 2 }]);
      expect(eeg.markers.map((m) => m.text)).toEqual(['eyes closed', 'eyes open']);
    }
  });

  it('OpenBCI GUI layout: the EEG read back by the OpenBCI reader, the accelerometer beside it in our CSV', () => {
    const files = [...sessionExportFiles([syntheticSession()], 'openbci-csv')];
    expect(files.map((f) => f.path.split('_').at(-1))).toEqual(['openbci.txt', 'accel.csv']);
    const reread = readRecording(files[0].bytes);
    expect(reread.format).toBe('openbci-gui');
    expect(reread.channels.filter((c) => c.kind === 'eeg' || c.kind === 'exg')).toHaveLength(4);
    expect(reread.channels[0].sampleRateHz).toBe(256);
    expect(Array.from(reread.channels[1].samples)).toEqual(Array.from(syntheticSession().eeg.channels[1].samples));
    expect(readRecording(files[1].bytes).channels[0].samples.length).toBe(18 * 52);
  });

  it("BrainFlow layout: read back by the BrainFlow reader as a Muse 2 board (4 ch at 256 Hz, the board's labels)", () => {
    const files = [...sessionExportFiles([syntheticSession()], 'brainflow-csv')];
    const reread = readRecording(files[0].bytes);
    expect(reread.format).toBe('brainflow-csv');
    const eeg = reread.channels.filter((c) => c.kind === 'eeg');
    // BrainFlow files carry no labels: they are the board's (BrainFlow's Muse 2 eeg_names).
    expect(eeg.map((c) => c.label)).toEqual(['TP9', 'Fp1', 'Fp2', 'TP10']);
    expect(eeg[0].sampleRateHz).toBe(256);
    const original = syntheticSession().eeg.channels[3].samples;
    expect(Array.from(eeg[3].samples)).toEqual(Array.from(original));
    expect(reread.markers).toHaveLength(2);
  });

  it('Mind Monitor layout: read back by the Mind Monitor reader with RAW_ columns, the rate from the timestamps, markers as Elements', () => {
    const files = [...sessionExportFiles([syntheticSession({ gap: null })], 'mind-monitor-csv')];
    const reread = readRecording(files[0].bytes);
    expect(reread.format).toBe('mind-monitor-csv');
    expect(reread.channels.map((c) => c.label)).toEqual(EEG_LABELS.map((l) => `RAW_${l}`));
    // Timestamps carry milliseconds: (n-1)/span over 20 s is 256 Hz within 0.5 ms / 20 s.
    expect(Math.abs(reread.channels[0].sampleRateHz - 256)).toBeLessThan(0.01);
    expect(Array.from(reread.channels[0].samples)).toEqual(Array.from(syntheticSession({ gap: null }).eeg.channels[0].samples));
    expect(reread.markers.map((m) => [Number(m.onsetSec.toFixed(3)), m.text])).toEqual([
      [2.5, 'eyes closed'],
      [14, 'eyes open'],
    ]);
    expect(reread.startTime).toBe('2026-12-04T03:05:12.000');
  });
});

describe('derived data', () => {
  it('band powers per 4 s frame every second, band edges in the header, no frame across the gap', () => {
    const files = [...sessionExportFiles([syntheticSession()], 'csv', { derived: { albi, bands: DEFAULT_BANDS_HZ, mainsHz: 50 } })];
    const csv = text(byPath(files, '_bandpowers.csv')).trim().split('\n');
    const meta = JSON.parse(csv[1].slice(2));
    expect(meta.bands_hz.alpha).toEqual([8, 13]);
    const header = csv[2].split(',');
    expect(header).toContain('TP9_alpha_8-13Hz_uV2');
    expect(header).toContain('mean_relative_beta_13-30Hz');
    const rows = csv.slice(3).map((r) => r.split(','));
    // 8 s before the gap -> frames ending at 4..8 s (5), 10 s after it -> frames ending at 14..20 s (7).
    expect(rows.map((r) => Number(r[0]))).toEqual([4, 5, 6, 7, 8, 14, 15, 16, 17, 18, 19, 20]);
    const col = (name: string) => header.indexOf(name);
    for (const row of rows) {
      // 10 Hz at 20 uV on TP9: alpha is the biggest band; beta holds the 23 Hz tone.
      expect(Number(row[col('mean_relative_alpha_8-13Hz')])).toBeGreaterThan(0.8);
      expect(Number(row[col('TP9_alpha_8-13Hz_uV2')])).toBeGreaterThan(Number(row[col('TP9_beta_13-30Hz_uV2')]));
      // A sine of amplitude A has power A^2/2: 200 uV^2 at 20 uV, within the Welch window's leakage.
      expect(Number(row[col('TP9_alpha_8-13Hz_uV2')])).toBeGreaterThan(180);
      expect(Number(row[col('TP9_alpha_8-13Hz_uV2')])).toBeLessThan(210);
    }
  });
});

describe('training scores', () => {
  it('a session with a training log gets <base>_training.csv: one row a second in session time, pauses in the header', () => {
    const session = syntheticSession();
    session.training = {
      startedAtMs: session.startedAtMs + 5000,
      durationSec: 3,
      target: 'relaxation',
      threshold: 0.6,
      points: [
        { t: 0, score: 0.5, probability: null, inTarget: false, paused: true },
        { t: 1, score: 0.71, probability: { p: 0.8, low: 0.6, high: 0.9 }, inTarget: true, paused: false },
      ],
      pauses: [{ reason: 'blink', startSec: 0, endSec: 1 }],
      latency: null,
      entrainment: null,
    };
    const files = [...sessionExportFiles([session], 'edf', { derived: { albi, bands: DEFAULT_BANDS_HZ, mainsHz: 50 } })];
    expect(files.map((f) => f.path.split('_').at(-1))).toEqual(['1a2b3c4d.edf', 'bandpowers.csv', 'training.csv']);
    const lines = text(files[2]).trim().split('\n');
    expect(JSON.parse(lines[1].slice(2)).pauses).toEqual([{ reason: 'blink', start_s: 5, end_s: 6 }]);
    expect(lines.slice(2)).toEqual([
      'time_s,score,probability,probability_low_95,probability_high_95,in_target,paused',
      '5,0.5,,,,0,1',
      '6,0.71,0.8,0.6,0.9,1,0',
    ]);
  });
});

function writeTree(root: string, files: ExportedFile[]): void {
  for (const file of files) {
    const target = path.join(root, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.bytes);
  }
}

describe('BIDS-EEG dataset', () => {
  const sessions = () => [
    syntheticSession(),
    syntheticSession({ id: '5e6f7a8b-0000-4000-8000-000000000002', startedAtMs: Date.UTC(2026, 11, 5, 7, 0, 0), gap: null }),
  ];

  it('has the BIDS files, sidecars with rate, reference, mains, duration and counts, channel types and events', () => {
    const files = [...bidsDataset(sessions(), { bits: 16, powerLineHz: 50 })];
    const stem = 'sub-01/ses-20261204T030512/eeg/sub-01_ses-20261204T030512_task-recording';
    expect(files.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'dataset_description.json',
        'participants.tsv',
        `${stem}_eeg.edf`,
        `${stem}_eeg.json`,
        `${stem}_channels.tsv`,
        `${stem}_events.tsv`,
        'sub-01/ses-20261205T070000/eeg/sub-01_ses-20261205T070000_task-recording_eeg.edf',
      ]),
    );
    const sidecar = JSON.parse(text(byPath(files, `${stem}_eeg.json`)));
    expect(sidecar).toMatchObject({
      SamplingFrequency: 256,
      PowerLineFrequency: 50,
      EEGReference: 'n/a',
      RecordingDuration: 20,
      RecordingType: 'discontinuous',
      EEGChannelCount: 4,
      MiscChannelCount: 3,
    });
    expect(
      text(byPath(files, `${stem}_channels.tsv`))
        .split('\n')
        .slice(0, 6),
    ).toEqual([
      'name\ttype\tunits\tsampling_frequency\tstatus',
      'TP9\tEEG\tuV\t256\tgood',
      'AF7\tEEG\tuV\t256\tgood',
      'AF8\tEEG\tuV\t256\tgood',
      'TP10\tEEG\tuV\t256\tgood',
      'X\tACCEL\tg\t52\tgood',
    ]);
    expect(text(byPath(files, `${stem}_events.tsv`))).toBe(
      'onset\tduration\ttrial_type\tvalue\n2.5\t0\tmarker\teyes closed\n8\t2\tgap\tno data\n14\t0\tmarker\teyes open\n',
    );
  });

  it('passes bids-validator (npm) with no errors', () => {
    const root = path.join(dir, 'validator');
    writeTree(root, [...bidsDataset(sessions(), { bits: 16, powerLineHz: 50, derived: { albi, bands: DEFAULT_BANDS_HZ, mainsHz: 50 } })]);
    const bin = path.join(repoRoot, 'node_modules/.bin/bids-validator');
    let out: string;
    try {
      out = execFileSync(bin, [root, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    } catch (error) {
      out = String((error as { stdout?: string }).stdout ?? '');
      if (!out.trim().startsWith('{')) throw error;
    }
    const report = JSON.parse(out) as {
      issues: { errors: Array<{ key: string; reason: string; files?: unknown[] }> };
      summary: { modalities: string[] };
    };
    expect(report.issues.errors.map((e) => `${e.key}: ${e.reason}`)).toEqual([]);
    expect(report.summary.modalities).toContain('EEG');
  }, 60_000);

  for (const bits of [16, 24] as const) {
    it(`MNE reads the ${bits === 16 ? 'EDF+' : 'BDF+'} file with its channel names, types from channels.tsv, the EEG rate and the events`, () => {
      const root = path.join(dir, `mne-${bits}`);
      const files = [...bidsDataset([syntheticSession()], { bits })];
      writeTree(root, files);
      const eegFile = files.find((f) => /_eeg\.(edf|bdf)$/.test(f.path))!;
      const script = path.join(repoRoot, 'workers/formats/test-support/mne_read_bids.py');
      const mne = JSON.parse(execFileSync('/usr/bin/python3', [script, path.join(root, eegFile.path)], { encoding: 'utf8' })) as {
        ch_names: string[];
        types: string[];
        sfreq: number;
        n_times: number;
        annotations: Array<{ onset: number; duration: number; description: string }>;
      };
      expect(mne.ch_names).toEqual([...EEG_LABELS, 'X', 'Y', 'Z']);
      expect(mne.types).toEqual(['eeg', 'eeg', 'eeg', 'eeg', 'misc', 'misc', 'misc']);
      expect(mne.sfreq).toBe(256);
      // EDF+D records are concatenated by MNE: the 18 s of samples, at the EEG's rate.
      expect(mne.n_times).toBe(18 * 256);
      expect(mne.annotations).toEqual([
        { onset: 2.5, duration: 0, description: 'marker/eyes closed' },
        { onset: 8, duration: 2, description: 'gap/no data' },
        { onset: 14, duration: 0, description: 'marker/eyes open' },
      ]);
    }, 60_000);
  }

  it('writeSessionExport zips a dataset as it goes; the zip lists every file with its bytes', () => {
    const parts: Uint8Array[] = [];
    const result = writeSessionExport(sessions(), 'bids', {}, (chunk) => parts.push(chunk));
    expect(result.zipped).toBe(true);
    expect(result.fileName).toMatch(/^clisonix-2-sessions-\d{8}T\d{4}_bids\.zip$/);
    const zip = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      zip.set(p, at);
      at += p.length;
    }
    const entries = unzipSync(zip);
    expect(Object.keys(entries).sort()).toEqual([...result.files].sort());
    const again = [...bidsDataset(sessions(), { bits: 16 })];
    expect(new TextDecoder().decode(entries['participants.tsv'])).toBe('participant_id\nsub-01\n');
    const edf = again.find((f) => f.path.endsWith('_eeg.edf'))!;
    expect(entries[edf.path]).toEqual(edf.bytes);
  });

  it('writeSessionExportLoaded reads one session at a time (load before its files, release after) and writes the same zip', async () => {
    const log: string[] = [];
    const sources = sessions().map((s, i) => ({
      ...s,
      recording: () => (log.push(`files ${i}`), s.recording()),
      load: async () => void log.push(`load ${i}`),
      release: () => void log.push(`release ${i}`),
    }));
    const parts: Uint8Array[] = [];
    const result = await writeSessionExportLoaded(sources, 'bids', {}, (chunk) => parts.push(chunk));
    expect(log).toEqual(['load 0', 'files 0', 'release 0', 'load 1', 'files 1', 'release 1']);
    const zip = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      zip.set(p, at);
      at += p.length;
    }
    const entries = unzipSync(zip);
    expect(Object.keys(entries)).toEqual(result.files);
    expect(result.files).toEqual([...bidsDataset(sessions(), { bits: 16 })].map((f) => f.path));
  });

  it('an unknown format is a FormatError naming the formats', () => {
    expect(() => [...sessionExportFiles([syntheticSession()], 'xls')]).toThrow(/expected one of edf, bdf, csv, openbci-csv/);
  });
});
