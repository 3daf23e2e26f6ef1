// What sync encrypts for an end-to-end encrypted session (scheme: api/src/contract/e2e-crypto.ts):
// the title and notes (into metadata.encryption), every event text, and every chunk. What stays
// plain is what the server needs to store, list and serve: stream ids, channel labels and rates,
// sample counts and positions, event kinds and onsets, the device name and start time.
import { decryptText, encryptText, clipUtf8, E2E_SCHEME, type E2eAccountParams } from '../../api/src/contract/e2e-crypto.ts';
import type { SessionMetadata } from '../../api/src/contract/sessions.ts';
import type { SessionEvent, SyncClient } from './sync-client.ts';
import { loadKey } from './e2e-keys.ts';

/** An event text of at most 720 UTF-8 bytes encrypts to exactly the API's 1000 base64 characters. */
const EVENT_TEXT_MAX_BYTES = 720;

/** The account's encryption as sync needs it: whether new sessions are encrypted, and this device's key. */
export interface AccountEncryption {
  /** New sessions are encrypted. */
  enabled: boolean;
  /** The key, when this device was unlocked; undefined: locked (or never set up). */
  key?: CryptoKey;
  params?: E2eAccountParams;
}

export const NO_ENCRYPTION: AccountEncryption = { enabled: false };

/** The account's encryption from the server and this device's key store. */
export async function accountEncryption(client: SyncClient): Promise<AccountEncryption> {
  const settings = await client.getEncryption();
  if (!settings.configured) return NO_ENCRYPTION;
  const { enabled, configured: _c, createdAt: _t, ...params } = settings;
  return { enabled, params, key: await loadKey(params) };
}

/** The metadata with its title and notes encrypted into metadata.encryption (and out of the plain fields). */
export async function encryptMetadata(key: CryptoKey, id: string, metadata: SessionMetadata): Promise<SessionMetadata> {
  const { title, notes, ...rest } = metadata;
  return {
    ...rest,
    notes: '',
    encryption: {
      scheme: E2E_SCHEME,
      ...(title ? { title: await encryptText(key, ['title', id], title) } : {}),
      ...(notes ? { notes: await encryptText(key, ['notes', id], notes) } : {}),
    },
  };
}

/** The title and notes of an encrypted session's metadata, decrypted. Throws DamagedDataError. */
export async function decryptMetadata(key: CryptoKey, id: string, metadata: SessionMetadata): Promise<{ title?: string; notes: string }> {
  const sealed = metadata.encryption;
  return {
    ...(sealed?.title ? { title: await decryptText(key, ['title', id], sealed.title) } : {}),
    notes: sealed?.notes ? await decryptText(key, ['notes', id], sealed.notes) : metadata.notes,
  };
}

/** Events with their texts encrypted (clipped to what the API's 1000 characters can carry). */
export function encryptEvents(key: CryptoKey, id: string, events: SessionEvent[]): Promise<SessionEvent[]> {
  return Promise.all(
    events.map(async (e) => ({ ...e, text: await encryptText(key, ['event', id, e.id], clipUtf8(e.text ?? '', EVENT_TEXT_MAX_BYTES)) })),
  );
}

/**
 * An event's text decrypted. An event another program posted to the API for this session (stimulus
 * software marking a live recording) is plain: its text is kept as it came.
 */
export async function decryptEventText(key: CryptoKey, id: string, event: SessionEvent): Promise<string> {
  try {
    return await decryptText(key, ['event', id, event.id], event.text ?? '');
  } catch {
    return event.text ?? '';
  }
}
