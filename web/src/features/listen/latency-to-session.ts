// Keeps the neurofeedback loop latency with the session being recorded: p50/p95/p99, the analysed
// window and the filter delay go into the session's metadata in IndexedDB (and from there to the
// server as metadata.loopLatency and metadata.feedbackMapping, see toServerMetadata in
// workers/storage/sync-client.ts). Saved at most every SAVE_EVERY_MS, since
// every save bumps the metadata version (one metadata PUT per save when online), and once more
// when the panel goes away. The mapping that steered the sound (and the schedule's conditions) is
// saved beside it, so a session says what the feedback did.
import { recorder, studioDb } from '../../app/studio.ts';
import { editSessionMetadata } from '../../../../workers/storage/session-store.ts';
import type { FeedbackRecord, LoopLatency } from '../../../../workers/storage/types.ts';

const SAVE_EVERY_MS = 5_000;

/** Returns `offer(latency, mapping?)` (call on every new measurement) and `flush()` (save what is pending now). */
export function makeLatencySaver(onError: (message: string) => void) {
  let pending: { sessionId: string; latency: LoopLatency; mapping?: FeedbackRecord } | null = null;
  let lastSaveMs = -Infinity;
  const save = () => {
    if (!pending) return;
    const { sessionId, latency, mapping } = pending;
    pending = null;
    lastSaveMs = performance.now();
    void studioDb()
      .then((db) => editSessionMetadata(db, sessionId, { loopLatency: latency, ...(mapping ? { feedbackMapping: mapping } : {}) }))
      .catch((e: Error) => onError(`Loop latency not saved with the session: ${e.message}`));
  };
  return {
    offer(latency: LoopLatency, mapping?: FeedbackRecord): void {
      const rec = recorder();
      if (!rec || !Number.isFinite(latency.p50Ms)) return; // only while a session is recording
      pending = { sessionId: rec.session.id, latency, ...(mapping ? { mapping } : {}) };
      if (performance.now() - lastSaveMs >= SAVE_EVERY_MS) save();
    },
    flush: save,
  };
}
