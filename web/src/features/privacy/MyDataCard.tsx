// Settings' "Your data" card: download everything (this browser's sessions and the server's export,
// as one zip), delete the account on the server, wipe this browser. Each destructive action first
// shows what will be gone, with the figures, and asks again.
import { Show, createResource, createSignal } from 'solid-js';
import { announce } from '../../app/announcer.ts';
import { saveBlob } from '../../app/save-file.ts';
import { authFetch } from '../../app/auth-session.ts';
import { apiHeaders, apiUrl, settings } from '../../app/settings.ts';
import { quota, recorder, studioDb } from '../../app/studio.ts';
import { listChunks } from '../../../../workers/storage/chunk-store.ts';
import { listSessions } from '../../../../workers/storage/session-store.ts';
import { bumpSessions, sessionsVersion } from '../sessions/sync-runner.ts';
import { buildMyDataArchive } from './my-data-archive.ts';
import { studioSettingsEntries } from './studio-storage-keys.ts';
import { syncTarget } from './sync-consent.ts';

type Asking = 'erase' | 'wipe' | null;

/** The account's data on the server, when this studio talks to one for this user. */
async function serverExport(): Promise<{ bytes: Uint8Array } | { missing: string }> {
  const { origin, localLoopback } = syncTarget();
  if (!settings().token && !localLoopback) return { missing: `not signed in to ${origin}` };
  try {
    const res = await authFetch(apiUrl('/api/v1/me/export'), { headers: apiHeaders(), credentials: 'include' });
    if (!res.ok) return { missing: `${origin} answered HTTP ${res.status}` };
    return { bytes: new Uint8Array(await res.arrayBuffer()) };
  } catch (error) {
    return { missing: `${origin} could not be reached (${(error as Error).message})` };
  }
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export default function MyDataCard() {
  const [asking, setAsking] = createSignal<Asking>(null);
  const [busy, setBusy] = createSignal<string | null>(null);
  const [result, setResult] = createSignal<{ ok: boolean; text: string } | null>(null);
  const [local] = createResource(sessionsVersion, async () => {
    const sessions = await listSessions(await studioDb());
    return { sessions: sessions.length, onlyHere: sessions.filter((s) => s.sync.state !== 'synced').length };
  });
  const server = () => syncTarget();
  const hasAccount = () => !!settings().token || server().localLoopback;
  const report = (ok: boolean, text: string) => {
    setResult({ ok, text });
    announce(text, ok ? 'polite' : 'assertive');
  };

  const downloadAll = async () => {
    setBusy('Preparing your data…');
    setResult(null);
    try {
      const db = await studioDb();
      const archive = await buildMyDataArchive({
        sessions: await listSessions(db),
        chunksOf: (id) => listChunks(db, id),
        settings: studioSettingsEntries(localStorage),
        server: await serverExport(),
        nowMs: Date.now(),
      });
      saveBlob(archive.fileName, archive.blob);
      const problems = archive.problems.length ? ` ${archive.problems.length} session(s) without samples: see README.txt.` : '';
      report(true, `Saved ${archive.fileName}: ${archive.sessions} session(s), ${megabytes(archive.blob.size)}.${problems}`);
    } catch (error) {
      report(false, `Your data could not be put together: ${(error as Error).message}`);
    } finally {
      setBusy(null);
    }
  };

  const erase = async () => {
    setBusy(`Deleting your account on ${server().origin}…`);
    try {
      const { eraseServerAccount } = await import('./erase-account.ts');
      const { sessionsKeptHere } = await eraseServerAccount(await studioDb(), server().origin);
      bumpSessions();
      report(
        true,
        `Your account and everything it held on ${server().origin} are deleted. ${sessionsKeptHere} session(s) stay in this browser; sync is off.`,
      );
    } catch (error) {
      report(false, `Account not deleted: ${(error as Error).message}`);
    } finally {
      setAsking(null);
      setBusy(null);
    }
  };

  const wipe = async () => {
    setBusy('Wiping this browser…');
    try {
      const { wipeThisDevice } = await import('./wipe-device.ts');
      const done = await wipeThisDevice();
      report(
        true,
        `This browser is wiped: ${done.databases.length} database(s), ${done.storageKeys} setting(s), ${done.files} file(s) removed. Restarting…`,
      );
      // Every screen and worker still holds state read before the wipe: start from nothing.
      setTimeout(() => location.reload(), 1500);
    } catch (error) {
      report(false, `Not everything was wiped: ${(error as Error).message}`);
      setBusy(null);
    }
    setAsking(null);
  };

  return (
    <section class="card" aria-labelledby="my-data-h" data-testid="my-data">
      <h3 id="my-data-h">Your data</h3>
      <p class="muted">
        {local()?.sessions ?? 0} session(s) in this browser
        {quota() ? `, ${megabytes(quota()!.usedBytes)} stored` : ''}.
      </p>
      <div class="row">
        <button type="button" disabled={!!busy()} onClick={() => void downloadAll()}>
          Download all my data
        </button>
        <Show when={hasAccount()}>
          <button type="button" class="danger" disabled={!!busy()} onClick={() => setAsking('erase')}>
            Delete my account…
          </button>
        </Show>
        <button type="button" class="danger" disabled={!!busy()} onClick={() => setAsking('wipe')}>
          Wipe this device…
        </button>
      </div>
      <p class="muted">
        The download is one zip: every session of this browser as BDF+ and CSV with its notes and markers, your settings, and
        {hasAccount() ? ` what ${server().origin} keeps for you.` : ' (when signed in) what the server keeps for you.'}
      </p>
      <Show when={asking() === 'erase'}>
        <fieldset data-testid="confirm-erase">
          <legend>Delete your account on {server().origin}?</legend>
          <p>
            This erases on <strong>{server().origin}</strong>
            {settings().username ? ` the account ${settings().username} and` : ''} every session stored there: their samples, markers, notes and
            analyses, your calibrations and device keys. It cannot be undone. Sync to this server is turned off first. The {local()?.sessions ?? 0}{' '}
            session(s) in this browser stay here.
          </p>
          <div class="row">
            <button type="button" class="danger" disabled={!!busy()} onClick={() => void erase()}>
              Delete my account on {server().origin}
            </button>
            <button type="button" onClick={() => setAsking(null)}>
              Cancel
            </button>
          </div>
        </fieldset>
      </Show>
      <Show when={asking() === 'wipe'}>
        <fieldset data-testid="confirm-wipe">
          <legend>Wipe this browser?</legend>
          <p>
            This removes from this browser: <strong>{local()?.sessions ?? 0} session(s)</strong> with their samples
            <Show when={(local()?.onlyHere ?? 0) > 0}>
              {' '}
              (<strong>{local()?.onlyHere} of them are on no server and will be gone for good</strong>: download your data first)
            </Show>
            , your settings and sync consents, kept calibrations and montages, rendered audio files
            {quota() ? `: ${megabytes(quota()!.usedBytes)} in all` : ''}. Data on a server is not touched. The app itself stays, so it still opens
            offline.
          </p>
          <Show when={recorder()}>
            <p class="alert error" role="alert">
              A recording is running: stop it first.
            </p>
          </Show>
          <div class="row">
            <button type="button" class="danger" disabled={!!busy() || !!recorder()} onClick={() => void wipe()}>
              Wipe this device
            </button>
            <button type="button" onClick={() => setAsking(null)}>
              Cancel
            </button>
          </div>
        </fieldset>
      </Show>
      <Show when={busy()}>
        <p role="status">{busy()}</p>
      </Show>
      <Show when={result()}>
        {(r) => (
          <p class={r().ok ? 'alert' : 'alert error'} role={r().ok ? 'status' : 'alert'} data-testid="my-data-result">
            {r().text}
          </p>
        )}
      </Show>
    </section>
  );
}
