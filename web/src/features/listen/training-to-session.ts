// Keeps each training's log (training-log.ts) with the session that was recording when the training
// started, for the session summary in Sessions. The worker sends the log every few seconds and once
// when training stops; each one replaces the last. A training that starts with nothing recording has
// no session to go with, and is not kept.
import { recorder, studioDb } from '../../app/studio.ts';
import { keepTrainingLog } from '../../../../workers/storage/session-store.ts';
import type { TrainingLog } from '../../../../workers/analysis/training-log.ts';

/** Returns `offer(log)`: call with every log the worker sends. */
export function makeTrainingSaver(onError: (message: string) => void) {
  /** The training (by its start time) and the session it belongs to. */
  let owner: { startedAtMs: number; sessionId: string } | null = null;
  return {
    offer(log: TrainingLog): void {
      if (owner?.startedAtMs !== log.startedAtMs) {
        const rec = recorder();
        owner = rec ? { startedAtMs: log.startedAtMs, sessionId: rec.session.id } : null;
      }
      if (!owner) return;
      const { sessionId } = owner;
      void studioDb()
        .then((db) => keepTrainingLog(db, sessionId, log))
        .catch((e: Error) => onError(`The training summary was not saved with the session: ${e.message}`));
    },
  };
}
