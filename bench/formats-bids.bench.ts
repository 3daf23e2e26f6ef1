// BIDS export of a one-hour session (8 EEG channels x 250 Hz) beside the plain EDF+ export of the
// same samples, in the same run: MB/s of the files written. The BIDS zip holds the same EDF+ (stored,
// not deflated) plus its sidecars, so the ratio says what the dataset costs on top of the EDF. A
// third line times the derived band powers (4 s frames every 1 s through ALBI) for the same hour.
import { DEFAULT_BANDS_HZ } from '../dsp-wasm/src/band-measures.ts';
import { loadAlbi } from '../dsp-wasm/src/load-albi.ts';
import { exportRecording, type Recording, type SessionExportSource, writeSessionExport } from '../workers/formats/index.ts';

const MB = 2 ** 20;
const CHANNELS = 8;
const RATE_HZ = 250;
const SECONDS = 3600;

function hour(): Recording {
  const n = RATE_HZ * SECONDS;
  return {
    format: 'clisonix-json',
    startTime: '2026-12-04T03:00:00',
    markers: Array.from({ length: 60 }, (_, i) => ({ onsetSec: i * 60 + 1, durationSec: 0, text: `Marker ${i + 1}` })),
    gaps: [],
    warnings: [],
    metadata: {},
    channels: Array.from({ length: CHANNELS }, (_, k) => ({
      label: ['Fp1', 'Fp2', 'C3', 'C4', 'P7', 'P8', 'O1', 'O2'][k],
      kind: 'eeg' as const,
      unit: 'uV',
      sampleRateHz: RATE_HZ,
      // float32-rounded like stored chunks: 10 Hz alpha plus a slower wave, a different mix per channel.
      samples: Float64Array.from(
        Float32Array.from({ length: n }, (_, i) => 30 * Math.sin((2 * Math.PI * 10 * i) / RATE_HZ + k) + 12 * Math.sin(i / (40 + k))),
      ),
    })),
  };
}

function source(recording: Recording): SessionExportSource {
  return {
    id: '00000000-0000-4000-8000-000000000000',
    title: 'Bench hour',
    startedAtMs: Date.UTC(2026, 11, 4, 3),
    deviceName: 'OpenBCI Cyton',
    notes: '',
    streams: [{ id: 'eeg', kind: 'eeg', sampleRateHz: RATE_HZ, channels: recording.channels.map((c) => ({ label: c.label, unit: c.unit })) }],
    recording: () => recording,
    streamRecording: () => recording,
  };
}

/** Best-of time (ms) over `runs` runs. */
function best(runs: number, fn: () => void): number {
  let ms = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ms = Math.min(ms, performance.now() - t);
  }
  return ms;
}

export async function run(): Promise<void> {
  const recording = hour();
  const sessions = [source(recording)];
  let edfBytes = 0;
  let zipBytes = 0;
  let files = 0;
  const plain = () => (edfBytes = exportRecording(recording, 'edf').byteLength);
  const bids = () => {
    zipBytes = 0;
    files = writeSessionExport(sessions, 'bids', { powerLineHz: 50 }, (chunk) => (zipBytes += chunk.byteLength)).files.length;
  };
  // Both once before timing (JIT), then alternating, best of 5 each: neither gets the warm runs alone.
  plain();
  bids();
  let edfMs = Infinity;
  let bidsMs = Infinity;
  for (let i = 0; i < 5; i++) {
    edfMs = Math.min(edfMs, best(1, plain));
    bidsMs = Math.min(bidsMs, best(1, bids));
  }
  console.log(
    JSON.stringify({
      bench: 'formats.bids-export',
      session: `${CHANNELS} ch x ${RATE_HZ} Hz x ${SECONDS} s`,
      zip_mb: +(zipBytes / MB).toFixed(2),
      files,
      mb_per_s: +(zipBytes / MB / (bidsMs / 1000)).toFixed(1),
      ms: Math.round(bidsMs),
      baseline: 'plain EDF+ export (exportRecording) of the same hour, same run',
      baseline_file_mb: +(edfBytes / MB).toFixed(2),
      baseline_mb_per_s: +(edfBytes / MB / (edfMs / 1000)).toFixed(1),
      baseline_ms: Math.round(edfMs),
      ratio_time: +(bidsMs / edfMs).toFixed(2),
    }),
  );
  const albi = await loadAlbi();
  let derivedFiles: string[] = [];
  const derivedMs = best(1, () => {
    derivedFiles = writeSessionExport(sessions, 'bids', { powerLineHz: 50, derived: { albi, bands: DEFAULT_BANDS_HZ, mainsHz: 50 } }, () => {}).files;
  });
  console.log(
    JSON.stringify({
      bench: 'formats.bids-export-with-band-powers',
      session: `${CHANNELS} ch x ${RATE_HZ} Hz x ${SECONDS} s`,
      frames: SECONDS - 3,
      ms: Math.round(derivedMs),
      frames_per_s: Math.round((SECONDS - 3) / ((derivedMs - bidsMs) / 1000)),
      files: derivedFiles.length,
      baseline: 'the BIDS export without band powers, same run',
      baseline_ms: Math.round(bidsMs),
      ratio_time: +(derivedMs / bidsMs).toFixed(2),
    }),
  );
}
