// This browser as a client of the orchestrator: registered with its capabilities and connected
// device (POST /orchestrator/clients), kept alive by a heartbeat every 20 s (the server forgets a
// client after 60 s of silence, and a late heartbeat brings it back under the same id); a 404 means
// the server never knew this id (another server, a wiped database), so it registers again.
// Registration sends this browser's capabilities and device: it runs only while sync may send
// (features/privacy/sync-consent.ts), and stops the moment that permission is taken back.
import { createEffect, createRoot, createSignal } from 'solid-js';
import { syncPermission } from '../privacy/sync-consent.ts';
import { detectCapabilities } from '../../app/capabilities.ts';
import { apiHeaders, apiUrl } from '../../app/settings.ts';
import { authFetch } from '../../app/auth-session.ts';
import { connection, source } from '../../app/studio.ts';

const HEARTBEAT_MS = 20_000;

// The id is kept per server so that a reload (or a restart while offline) heartbeats the same
// registration instead of adding a second entry for the same browser.
const storageKey = () => `clisonix.client-id:${apiUrl('')}`;

/** The id the server gave this browser ('' until registered). */
export const [clientId, setClientIdSignal] = createSignal(globalThis.localStorage?.getItem(storageKey()) ?? '');
function setClientId(id: string): void {
  globalThis.localStorage?.setItem(storageKey(), id);
  setClientIdSignal(id);
}

function registration() {
  const caps = detectCapabilities();
  const src = source();
  const state = connection().state;
  return {
    name: `Clisonix studio (${navigator.userAgent.match(/(Chrome|Firefox|Safari|Edg)\/[\d.]+/)?.[0] ?? 'browser'})`,
    capabilities: {
      web_bluetooth: caps.webBluetooth,
      web_serial: caps.webSerial,
      audio_worklet: caps.audioWorklet,
      wasm_simd: caps.wasmSimd,
      cross_origin_isolated: caps.crossOriginIsolated,
    },
    devices:
      src && src.kind === 'device'
        ? [
            {
              kind: 'eeg',
              name: src.name.slice(0, 128),
              state: state === 'streaming' ? 'streaming' : state === 'connecting' || state === 'reconnecting' ? 'connecting' : 'disconnected',
            },
          ]
        : [],
  };
}

async function send(): Promise<void> {
  const body = JSON.stringify(registration());
  const headers = apiHeaders({ 'content-type': 'application/json' });
  if (clientId()) {
    const res = await authFetch(apiUrl(`/orchestrator/clients/${clientId()}`), { method: 'PUT', body, headers });
    if (res.ok) return;
    if (res.status !== 404) throw new Error(`heartbeat answered ${res.status}`);
  }
  const res = await authFetch(apiUrl('/orchestrator/clients'), { method: 'POST', body, headers });
  if (!res.ok) throw new Error(`registration answered ${res.status}`);
  setClientId((await res.json()).client_id);
}

let timer: ReturnType<typeof setInterval> | undefined;
let watching = false;

function keepAlive(): void {
  clearInterval(timer);
  const beat = () => void send().catch(() => {});
  beat();
  timer = setInterval(beat, HEARTBEAT_MS);
}

/** Registers (while sync is permitted) and keeps the registration alive; offline periods are simply retried. */
export function startClientRegistration(): void {
  if (watching) return;
  watching = true;
  createRoot(() =>
    createEffect(() => {
      if (syncPermission()) keepAlive();
      else clearInterval(timer);
    }),
  );
}
