// Sync state shown in the header: whether the server is reachable and what is still to upload.
import { createSignal } from 'solid-js';

export interface SyncSummary {
  online: boolean;
  text: string;
  /** Chunks waiting for upload across all sessions. */
  pendingChunks: number;
  /** Sessions whose metadata waits for the user's choice. */
  conflicts?: number;
}

export const [syncSummary, setSyncSummary] = createSignal<SyncSummary>({ online: false, text: 'Sync: checking…', pendingChunks: 0 });
