// How much of a session is missing: per stream, the span recorded (first to last durable sample)
// against the samples kept, and the worst stream's share as the session's. More than 1 % missing is
// a warning: enough to bias band powers and to matter for anyone reading the recording.
import type { StoredSession } from './types.ts';

/** Missing share above which a session (or a running recording) is shown as a warning. */
export const LOSS_WARNING_FRACTION = 0.01;

export interface StreamLoss {
  streamId: string;
  keptSamples: number;
  spanSamples: number;
  missingSamples: number;
  /** missing / span, 0 for an empty stream. */
  missingFraction: number;
  missingSec: number;
}

/** Loss of one stream from its kept count and span end (sample indices from 0). */
export function streamLoss(streamId: string, keptSamples: number, spanSamples: number, sampleRateHz: number): StreamLoss {
  const missingSamples = Math.max(0, spanSamples - keptSamples);
  return {
    streamId,
    keptSamples,
    spanSamples,
    missingSamples,
    missingFraction: spanSamples > 0 ? missingSamples / spanSamples : 0,
    missingSec: missingSamples / sampleRateHz,
  };
}

/** Every stream's loss (sessions stored before the span was kept count as complete). */
export function sessionLoss(session: StoredSession): StreamLoss[] {
  const ends = session.durableEndSample ?? session.durableSamples;
  return session.streams.map((s) => streamLoss(s.id, session.durableSamples[s.id] ?? 0, ends[s.id] ?? 0, s.sampleRateHz));
}

/** The stream that lost the largest share, or null when nothing is missing. */
export function worstLoss(session: StoredSession): StreamLoss | null {
  const worst = sessionLoss(session).sort((a, b) => b.missingFraction - a.missingFraction)[0];
  return worst && worst.missingSamples > 0 ? worst : null;
}
