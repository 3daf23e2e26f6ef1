// Derived data of a session: band powers, signal quality and the analysis' confidence over time, one
// row per analysis frame, computed from the raw EEG by the ALBI kernels (the same analyzeChannels and
// Welch band powers as the Live screen, which keeps no per-frame history). A frame is the 4 s before
// its time, every second (DERIVED_FRAME); a frame never spans a gap, so after a gap the first frame
// comes 4 s later. The band edges used are in the header comment and in every column's name.
import type { Albi } from '../../../dsp-wasm/src/albi.ts';
import type { BandsHz } from '../../../dsp-wasm/src/band-measures.ts';
import type { Recording, RecordingChannel } from '../recording.ts';

/** Analysis frame: the window analysed and the step between frames (s). */
export const DERIVED_FRAME = { windowSec: 4, stepSec: 1 } as const;

export interface DerivedOptions {
  albi: Albi;
  /** Band edges (Hz), e.g. Settings' bands; also the order of the columns. */
  bands: BandsHz;
  /** Mains frequency for the line-noise check of the quality score. */
  mainsHz: 50 | 60;
}

/** Stretches of consecutive samples between gaps, as [first, end) sample indexes, with the recording time of the first. */
function segments(recording: Recording, rate: number, length: number): Array<{ first: number; end: number; onsetSec: number }> {
  const out: Array<{ first: number; end: number; onsetSec: number }> = [];
  let first = 0;
  let shift = 0;
  for (const gap of [...recording.gaps].sort((a, b) => a.onsetSec - b.onsetSec)) {
    const end = Math.min(length, Math.round((gap.onsetSec - shift) * rate));
    if (end > first) out.push({ first, end, onsetSec: first / rate + shift });
    first = Math.max(first, end);
    shift += gap.durationSec;
  }
  if (length > first) out.push({ first, end: length, onsetSec: first / rate + shift });
  return out;
}

/** The EEG channels analysed: the first EEG (or ExG) rate's channels. */
function analysedChannels(recording: Recording): RecordingChannel[] {
  const eeg = recording.channels.filter((c) => c.kind === 'eeg' || c.kind === 'exg');
  return eeg.filter((c) => c.sampleRateHz === eeg[0]?.sampleRateHz);
}

const round = (v: number, digits = 6) => (Number.isFinite(v) ? String(Number(v.toPrecision(digits))) : '');

/**
 * The band-power CSV of a recording, or null when it has no EEG fast enough for the bands (Nyquist
 * above the top band edge).
 * @example const csv = bandPowerCsv(recording, { albi: await loadAlbi(), bands: DEFAULT_BANDS_HZ, mainsHz: 50 });
 */
export function bandPowerCsv(recording: Recording, options: DerivedOptions): Uint8Array | null {
  const channels = analysedChannels(recording);
  const rate = channels[0]?.sampleRateHz ?? 0;
  const bandNames = Object.keys(options.bands);
  const top = Math.max(...Object.values(options.bands).map((b) => b[1]));
  if (!channels.length || rate / 2 <= top) return null;
  const length = Math.min(...channels.map((c) => c.samples.length));
  const window = Math.round(DERIVED_FRAME.windowSec * rate);
  const step = Math.round(DERIVED_FRAME.stepSec * rate);
  const edges = (name: string) => `${options.bands[name][0]}-${options.bands[name][1]}Hz`;
  const unit = channels[0].unit || 'units';
  const header = [
    'time_s',
    ...channels.flatMap((c) => bandNames.map((b) => `${c.label}_${b}_${edges(b)}_${unit}2`)),
    ...bandNames.map((b) => `mean_relative_${b}_${edges(b)}`),
    ...channels.map((c) => `${c.label}_quality`),
    'confidence',
  ];
  const meta = {
    window_sec: DERIVED_FRAME.windowSec,
    step_sec: DERIVED_FRAME.stepSec,
    sample_rate_hz: rate,
    bands_hz: options.bands,
    relative_to_hz: [Math.min(...Object.values(options.bands).map((b) => b[0])), top],
    mains_hz: options.mainsHz,
    time: 'recording time (s from the session start) of the end of the analysed window',
    power: `Welch PSD integrated over each band (trapezoid), ${unit}^2; relative = band / total over relative_to_hz, mean of the channels`,
    quality: 'ALBI channel quality 0 (unusable) .. 1 (clean); confidence: ALBI confidence of the frame 0..1',
  };
  const lines = ['# clisonix-derived 1: band powers, quality and confidence per analysis frame', `# ${JSON.stringify(meta)}`, header.join(',')];
  const total = meta.relative_to_hz as [number, number];
  const views = new Array<Float64Array>(channels.length);
  for (const seg of segments(recording, rate, length)) {
    for (let end = seg.first + window; end <= seg.end; end += step) {
      channels.forEach((c, k) => (views[k] = c.samples.subarray(end - window, end)));
      const timeSec = seg.onsetSec + (end - seg.first) / rate;
      lines.push(frameRow(options, channels, views, rate, total, round(timeSec, 10)));
    }
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

/** One frame's cells; a frame the kernels refuse (non-finite samples, repeated labels) keeps its time with empty cells. */
function frameRow(
  options: DerivedOptions,
  channels: RecordingChannel[],
  views: Float64Array[],
  rate: number,
  total: [number, number],
  time: string,
): string {
  const bandNames = Object.keys(options.bands);
  try {
    const analysis = options.albi.analyzeChannels(
      channels.map((c, k) => ({ label: c.label, samples: views[k] })),
      rate,
      { mainsHz: options.mainsHz },
    );
    const relative = bandNames.map(() => 0);
    const absolute: string[] = [];
    for (const x of views) {
      const bands = options.albi.getBandPowers(options.albi.getPsdWelch(x, rate), options.bands, total);
      bandNames.forEach((b, i) => {
        absolute.push(round(bands.absolute[b as keyof typeof bands.absolute]));
        relative[i] += bands.relative[b as keyof typeof bands.relative] / views.length;
      });
    }
    return [
      time,
      ...absolute,
      ...relative.map((v) => round(v)),
      ...channels.map((c) => round(analysis.channels[c.label].quality.score, 4)),
      round(analysis.confidence, 4),
    ].join(',');
  } catch {
    return time + ','.repeat(channels.length * bandNames.length + bandNames.length + channels.length + 1);
  }
}
