// "Wipe this device": removes everything the studio keeps in this browser: every IndexedDB database
// of this origin (sessions, chunks, keys), Cache Storage other than the app's own precached files,
// the files in the origin-private file system (WAV renders), and the studio's localStorage and
// sessionStorage entries. The service worker and its precache stay: they hold only the app's code,
// the same for every user, so the studio still opens offline afterwards.
//
// The studio's workers hold the sessions database open; deleteDatabase sends them `versionchange`,
// on which `openStudioDb` closes its handle (workers/storage/db.ts), so the delete goes through.
// A tab that does not let go (another Clisonix tab mid-write) blocks it: that is reported, not waited
// on forever.
import { DB_NAME, closeStudioDb } from '../../../../workers/storage/db.ts';
import { STUDIO_KEY_PREFIX } from './studio-storage-keys.ts';

/** Workbox's precache: the app's own files (see workers/sw/sw.ts). */
const APP_CACHE_PREFIX = 'workbox-precache';
const BLOCKED_AFTER_MS = 5000;

export interface WipeReport {
  databases: string[];
  caches: string[];
  files: number;
  storageKeys: number;
}

export async function wipeThisDevice(): Promise<WipeReport> {
  await closeStudioDb(DB_NAME);
  const databases = await databaseNames();
  for (const name of databases) await deleteDatabase(name);

  const cacheNames = (await globalThis.caches?.keys()) ?? [];
  const dropped = cacheNames.filter((name) => !name.startsWith(APP_CACHE_PREFIX));
  for (const name of dropped) await caches.delete(name);

  let files = 0;
  const root = await navigator.storage?.getDirectory?.().catch(() => undefined);
  if (root) {
    // biome-ignore lint/suspicious/noExplicitAny: keys() is not in every TS DOM lib version.
    for await (const name of (root as any).keys() as AsyncIterable<string>) {
      await root.removeEntry(name, { recursive: true });
      files++;
    }
  }

  let storageKeys = 0;
  for (const storage of [globalThis.localStorage, globalThis.sessionStorage]) {
    if (!storage) continue;
    const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter((k): k is string => !!k?.startsWith(STUDIO_KEY_PREFIX));
    for (const key of keys) storage.removeItem(key);
    storageKeys += keys.length;
  }
  return { databases, caches: dropped, files, storageKeys };
}

async function databaseNames(): Promise<string[]> {
  const listed = (await indexedDB.databases?.().catch(() => [])) ?? [];
  const names = listed.map((d) => d.name).filter((n): n is string => !!n);
  return names.includes(DB_NAME) ? names : [DB_NAME, ...names];
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    const blocked = setTimeout(
      () => reject(new Error(`the database “${name}” is still open in another Clisonix tab or window: close it and wipe again`)),
      BLOCKED_AFTER_MS,
    );
    request.onsuccess = () => {
      clearTimeout(blocked);
      resolve();
    };
    request.onerror = () => {
      clearTimeout(blocked);
      reject(new Error(`the database “${name}” could not be deleted: ${request.error?.message ?? 'unknown error'}`));
    };
  });
}
