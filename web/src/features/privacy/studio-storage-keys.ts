// The studio's entries in localStorage / sessionStorage: all under one prefix, so that "download all"
// finds them and "wipe this device" removes them without touching another app of the same origin.

/** localStorage / sessionStorage keys of the studio (settings, consents, calibrations, montages, ...). */
export const STUDIO_KEY_PREFIX = 'clisonix.';
const SETTINGS_KEY = 'clisonix.settings.v1';

/** The studio's entries of `storage`, without the login token (a secret, and of no use elsewhere). */
export function studioSettingsEntries(storage: Storage): Record<string, string> {
  const entries: Record<string, string> = {};
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (!key?.startsWith(STUDIO_KEY_PREFIX)) continue;
    let raw = storage.getItem(key) ?? '';
    if (key === SETTINGS_KEY) {
      try {
        const { token: _token, ...rest } = JSON.parse(raw) as Record<string, unknown>;
        raw = JSON.stringify(rest);
      } catch {
        continue; // unreadable settings could still hold the token: left out
      }
    }
    entries[key] = raw;
  }
  return entries;
}
