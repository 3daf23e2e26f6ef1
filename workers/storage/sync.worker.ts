// Sync worker: the background upload of sessions (SyncQueue) runs here, not on the page, so a hidden
// or busy page does not hold it back. The page configures it (server, token), answers its requests for
// a fresh token, and shows what it reports. The end-to-end encryption key it reads from this device's
// key store (e2e-keys.ts); the page reconfigures it after an unlock.
/// <reference lib="webworker" />
import { openStudioDb } from './db.ts';
import { makeSyncClient } from './sync-client.ts';
import { SyncQueue } from './sync-queue.ts';
import { makeTokenFetch } from './token-fetch.ts';
import { accountEncryption } from './sync-encryption.ts';
import type { FromSync, SyncConsent, ToSync } from './sync.protocol.ts';

/** How long a request for a fresh token may take before the call is answered with the 401 it got. */
const TOKEN_WAIT_MS = 10_000;

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromSync) => scope.postMessage(message);
let token: string | null = null;
let queue: SyncQueue | undefined;
let tokenWaiters: Array<(token: string | null) => void> = [];
/** Aborts the requests of the current configuration when sync is turned off or reconfigured. */
let inFlight = new AbortController();

/** The API with the access token; after a 401 the page is asked for a fresh token (the call is retried once). */
const fetchWithToken = makeTokenFetch(
  () => token,
  () =>
    new Promise<boolean>((resolve) => {
      tokenWaiters.push((fresh) => resolve(fresh !== null));
      post({ type: 'need-token' });
      setTimeout(() => resolve(false), TOKEN_WAIT_MS);
    }),
);

/** Starts the loop for baseUrl under consent, or (consent null) stops everything at once. */
async function configure(baseUrl: string, consent: SyncConsent | null): Promise<void> {
  queue?.stop();
  queue = undefined;
  inFlight.abort();
  inFlight = new AbortController();
  if (!consent) return;
  const { signal } = inFlight;
  const db = await openStudioDb();
  if (signal.aborted) return; // configured again meanwhile
  const abortable: typeof fetch = (input, init) => fetchWithToken(input, { ...init, signal });
  const client = makeSyncClient({ baseUrl, headers: () => ({}), fetch: abortable });
  queue = new SyncQueue(
    db,
    client,
    {
      onSession: (session) => post({ type: 'session', session }),
      onReachability: (online) => post({ type: 'reachability', online }),
    },
    consent,
    () => accountEncryption(client),
  );
  queue.start();
}

async function answer(requestId: number, work: () => Promise<void>): Promise<void> {
  try {
    await work();
    post({ type: 'reply', requestId, ok: true });
  } catch (error) {
    post({ type: 'reply', requestId, ok: false, error: (error as Error).message });
  }
}

scope.onmessage = (event: MessageEvent<ToSync>) => {
  const m = event.data;
  switch (m.type) {
    case 'configure':
      token = m.token;
      void configure(m.baseUrl, m.consent).catch((error: Error) => {
        console.error(`sync: local storage unavailable: ${error.message}`);
        post({ type: 'reachability', online: false });
      });
      return;
    case 'token': {
      token = m.token;
      const waiting = tokenWaiters;
      tokenWaiters = [];
      waiting.forEach((resolve) => resolve(m.token));
      return;
    }
    case 'sync-now':
      void answer(m.requestId, () => (queue ? queue.syncNow() : Promise.reject(new Error('sync is off or not configured yet'))));
      return;
    case 'resolve-conflict':
      void answer(m.requestId, () => (queue ? queue.resolveConflict(m.sessionId, m.keep) : Promise.reject(new Error('sync is not configured yet'))));
      return;
  }
};
