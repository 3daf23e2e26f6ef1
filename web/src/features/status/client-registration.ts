// This browser as a client of the orchestrator: a stable id (kept in localStorage), registered with
// its capabilities and connected devices, kept alive with heartbeats while the app is open.
import { detectCapabilities } from '../../app/capabilities.ts';
import { apiHeaders, apiUrl } from '../../app/settings.ts';

const KEY = 'clisonix.client-id';

/** The stable id of this browser profile. */
export function clientId(): string {
  let id = globalThis.localStorage?.getItem(KEY);
  if (!id) {
    id = crypto.randomUUID();
    globalThis.localStorage?.setItem(KEY, id);
  }
  return id;
}
