// This device's end-to-end encryption keys (contract/e2e-crypto.ts), in their own IndexedDB database
// so that the studio's database and its migrations never hold them. A key is kept as the
// non-extractable CryptoKey itself (IndexedDB stores it as it is): scripts on this origin can use it,
// nobody can read its bytes, and it is never sent anywhere. Keyed by the account's KDF salt, which
// is random per account, so two accounts on one browser keep two keys.
import { keyMatches, type E2eAccountParams } from '../../api/src/contract/e2e-crypto.ts';

export const E2E_KEYS_DB = 'clisonix-e2e-keys';
const STORE = 'keys';

function openKeys(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(E2E_KEYS_DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error(`cannot open ${E2E_KEYS_DB}`));
  });
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openKeys();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('key store transaction failed'));
    });
  } finally {
    db.close();
  }
}

/** Keeps the account's key on this device. */
export async function keepKey(params: E2eAccountParams, key: CryptoKey): Promise<void> {
  await run('readwrite', (store) => store.put(key, params.kdf.salt));
}

/** The account's key on this device, if it was unlocked here and still opens the key check. */
export async function loadKey(params: E2eAccountParams): Promise<CryptoKey | undefined> {
  const key = (await run('readonly', (store) => store.get(params.kdf.salt))) as CryptoKey | undefined;
  return key && (await keyMatches(key, params)) ? key : undefined;
}

/** Forgets the account's key on this device (the passphrase brings it back). */
export async function forgetKey(params: E2eAccountParams): Promise<void> {
  await run('readwrite', (store) => store.delete(params.kdf.salt));
}
