// A session's streams (decoded chunks) as one Recording, for the browser's library and the API alike.
// Holes between a stream's chunks are its gaps (recorded sessions: sample indexes count the missing
// samples). EDF+ gaps apply to every signal, so a gap in any stream is a gap of the whole recording:
// it is widened to the streams' common sample grid (20 ms for 250 and 50 Hz), and the samples other
// streams have inside it are left out and counted in `warnings`. Nothing is filled in. A session
// whose chunks have no holes takes `gaps` given in recording time instead (an imported file's gaps:
// its samples were stored one after another).
import type { Recording, RecordingChannel, RecordingGap, RecordingMarker } from '../recording.ts';
import type { SessionStreamInfo } from './session-source.ts';

/** One decoded chunk: its first sample index and a column per channel. */
export interface DecodedPiece {
  firstSample: number;
  channels: ArrayLike<number>[];
}

export interface StreamPieces {
  stream: SessionStreamInfo;
  pieces: DecodedPiece[];
}

export interface RecordingFrame {
  startTime: string | null;
  markers: RecordingMarker[];
  /** Gaps in recording time, used only when no stream's chunks have holes. */
  gaps?: RecordingGap[];
  metadata?: Record<string, unknown>;
}

/** Greatest common divisor of integer rates: gaps are widened to whole 1/gcd s, so every rate cuts them on a sample. */
function commonGridSec(rates: number[]): number {
  if (!rates.every(Number.isInteger)) return 1;
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  return 1 / rates.reduce(gcd);
}

/** Where a stream's chunks say samples are missing, as [first, end) sample indexes. */
function holes(pieces: DecodedPiece[]): Array<[number, number]> {
  const missing: Array<[number, number]> = [];
  let expected = 0;
  for (const piece of pieces) {
    if (piece.firstSample > expected) missing.push([expected, piece.firstSample]);
    expected = Math.max(expected, piece.firstSample + (piece.channels[0]?.length ?? 0));
  }
  return missing;
}

function mergeSpans(spans: Array<[number, number]>): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  for (const span of [...spans].sort((x, y) => x[0] - y[0])) {
    const last = merged.at(-1);
    if (last && span[0] <= last[1] + 1e-9) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

/**
 * @example const recording = streamsToRecording([{ stream, pieces: chunks.map(decodeChunk) }], { startTime, markers: [] });
 */
export function streamsToRecording(streams: StreamPieces[], frame: RecordingFrame): Recording {
  const sorted = streams.map(({ stream, pieces }) => ({ stream, pieces: [...pieces].sort((a, b) => a.firstSample - b.firstSample) }));
  const grid = commonGridSec(sorted.map((s) => s.stream.sampleRateHz));
  const spans = sorted.flatMap(({ stream, pieces }) =>
    holes(pieces).map(
      ([a, b]) => [Math.floor(a / stream.sampleRateHz / grid) * grid, Math.ceil(b / stream.sampleRateHz / grid) * grid] as [number, number],
    ),
  );
  const merged = mergeSpans(spans);
  const warnings: string[] = [];
  const channels: RecordingChannel[] = [];
  for (const { stream, pieces } of sorted) {
    const rate = stream.sampleRateHz;
    const cuts = merged.map(([a, b]) => [Math.round(a * rate), Math.round(b * rate)] as const);
    const total = pieces.reduce((n, p) => n + (p.channels[0]?.length ?? 0), 0);
    const columns = stream.channels.map(() => new Float64Array(total));
    let kept = 0;
    let dropped = 0;
    for (const piece of pieces) {
      const n = piece.channels[0]?.length ?? 0;
      for (let i = 0; i < n; i++) {
        const index = piece.firstSample + i;
        if (cuts.some(([a, b]) => index >= a && index < b)) {
          dropped++;
          continue;
        }
        for (let k = 0; k < columns.length; k++) columns[k][kept] = piece.channels[k][i];
        kept++;
      }
    }
    if (dropped) warnings.push(`${stream.id}: ${dropped} samples inside another stream's gap left out (EDF+ gaps cover every signal)`);
    stream.channels.forEach(({ label, unit }, k) =>
      channels.push({ label, kind: stream.kind, unit, sampleRateHz: rate, samples: columns[k].subarray(0, kept) }),
    );
  }
  const gaps = merged.length
    ? merged.map(([a, b]) => ({ onsetSec: a, durationSec: b - a }))
    : mergeSpans((frame.gaps ?? []).map((g) => [g.onsetSec, g.onsetSec + g.durationSec])).map(([a, b]) => ({ onsetSec: a, durationSec: b - a }));
  return {
    format: 'clisonix-json',
    startTime: frame.startTime,
    channels,
    markers: frame.markers,
    gaps,
    warnings,
    metadata: frame.metadata ?? {},
  };
}
