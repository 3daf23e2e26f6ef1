// The page's side of end-to-end encryption (scheme: api/src/contract/e2e-crypto.ts): setting the
// passphrase for the account, unlocking this browser with it, and what Settings shows. The key is
// derived here and kept in this browser's key store (workers/storage/e2e-keys.ts); the server gets
// only the KDF salt, the iteration count and the key check.
import { newAccountKey, unlockAccountKey, type E2eAccountParams } from '../../../../api/src/contract/e2e-crypto.ts';
import { forgetKey, keepKey, loadKey } from '../../../../workers/storage/e2e-keys.ts';

/** The page's API client (sync-runner is loaded on demand, as Settings does). */
const api = async () => (await import('../sessions/sync-runner.ts')).syncClient();

/** Shortest passphrase accepted: ten characters (four random words are about 50 bits). */
export const MIN_PASSPHRASE_LENGTH = 10;

export type E2eView =
  | { state: 'unavailable'; reason: string }
  | { state: 'not-set-up' }
  | { state: 'locked' | 'unlocked'; enabled: boolean; params: E2eAccountParams };

/** What the account and this browser hold now. */
export async function loadE2eView(): Promise<E2eView> {
  try {
    const settings = await (await api()).getEncryption();
    if (!settings.configured) return { state: 'not-set-up' };
    const { enabled, configured: _c, createdAt: _t, ...params } = settings;
    return { state: (await loadKey(params)) ? 'unlocked' : 'locked', enabled, params };
  } catch (error) {
    return { state: 'unavailable', reason: (error as Error).message };
  }
}

/** The sync worker reads the key when configured: configure it again after the key changed. */
async function reconfigureSync(): Promise<void> {
  const { startSync, syncControl } = await import('../sessions/sync-runner.ts');
  if (syncControl()) await startSync();
}

/** Sets the account's passphrase (once: it cannot be changed), keeps the key here and turns encryption on. */
export async function setUpEncryption(passphrase: string): Promise<void> {
  const { params, key } = await newAccountKey(passphrase);
  await (await api()).putEncryption({ ...params, enabled: true });
  await keepKey(params, key);
  await reconfigureSync();
}

/** Unlocks this browser with the passphrase; throws WrongPassphraseError ("Wrong passphrase"). */
export async function unlockEncryption(passphrase: string, params: E2eAccountParams): Promise<void> {
  await keepKey(params, await unlockAccountKey(passphrase, params));
  await reconfigureSync();
}

/** Turns encryption of new sessions on or off (sessions already encrypted stay encrypted). */
export async function setEncryptionEnabled(params: E2eAccountParams, enabled: boolean): Promise<void> {
  await (await api()).putEncryption({ ...params, enabled });
  await reconfigureSync();
}

/** Forgets the key in this browser: its encrypted sessions stop syncing here until it is unlocked again. */
export async function forgetKeyHere(params: E2eAccountParams): Promise<void> {
  await forgetKey(params);
  await reconfigureSync();
}

export interface PassphraseStrength {
  /** Rough guessing entropy: length x log2(alphabet), the upper bound for a random choice. */
  bits: number;
  label: 'too short' | 'weak' | 'fair' | 'strong';
}

/** A rough strength hint; a guess at the best, since a passphrase built from a known phrase is weaker than it looks. */
export function passphraseStrength(passphrase: string): PassphraseStrength {
  const chars = [...passphrase];
  const classes: [RegExp, number][] = [
    [/[a-z]/, 26],
    [/[A-Z]/, 26],
    [/[0-9]/, 10],
    [/[ ]/, 1],
    [/[^A-Za-z0-9 ]/, 33],
  ];
  const pool = classes.reduce((n, [re, size]) => (re.test(passphrase) ? n + size : n), 0);
  // Repeats add little: count each distinct character fully, the rest at a quarter.
  const distinct = new Set(chars).size;
  const bits = Math.round((distinct + (chars.length - distinct) / 4) * Math.log2(Math.max(pool, 2)));
  const label = chars.length < MIN_PASSPHRASE_LENGTH ? 'too short' : bits < 50 ? 'weak' : bits < 70 ? 'fair' : 'strong';
  return { bits, label };
}
