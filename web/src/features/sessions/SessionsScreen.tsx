// Sessions: the library in this browser with sync state and progress, replay, export, delete,
// notes with conflict resolution, import by drag and drop, and sessions recorded elsewhere.
import { describeStream } from '../../../../workers/protocol/stream-words.ts';
import { createQuery } from '@tanstack/solid-query';
import { For, Show, createResource, createSignal } from 'solid-js';
import { announce } from '../../app/announcer.ts';
import { navigate } from '../../app/router.ts';
import { quota, recovered, refreshQuota, storageError, studioDb } from '../../app/studio.ts';
import { formatBytes } from '../../../../workers/storage/quota.ts';
import { listSessions } from '../../../../workers/storage/session-store.ts';
import { bumpSessions, syncControl, sessionsVersion, syncClient } from './sync-runner.ts';
import { SessionRow } from './SessionRow.tsx';
import { ImportDropZone } from './ImportDropZone.tsx';
import { downloadSession } from './download-session.ts';
import { ExportPanel } from './ExportPanel.tsx';

export default function SessionsScreen() {
  const [sessions] = createResource(sessionsVersion, async () => listSessions(await studioDb()));
  void refreshQuota();
  const remote = createQuery(() => ({
    queryKey: ['server-sessions', sessionsVersion() > -1],
    queryFn: () => syncClient().listSessions(),
    retry: false,
  }));
  const remoteOnly = () => {
    const local = new Set((sessions() ?? []).map((s) => s.id));
    return (remote.data ?? []).filter((s) => !local.has(s.id));
  };
  const [downloading, setDownloading] = createSignal<Record<string, string>>({});
  const [ticked, setTicked] = createSignal<ReadonlySet<string>>(new Set());
  const selected = () => (sessions() ?? []).filter((s) => ticked().has(s.id));
  const tick = (id: string, on: boolean) => {
    const next = new Set(ticked());
    if (on) next.add(id);
    else next.delete(id);
    setTicked(next);
  };

  const download = async (id: string) => {
    const server = remote.data?.find((s) => s.id === id);
    if (!server) return;
    try {
      const db = await studioDb();
      await downloadSession(db, syncClient(), server, (done, total) => setDownloading({ ...downloading(), [id]: `${done}/${total}` }));
      announce('Session downloaded.');
      bumpSessions();
    } catch (e) {
      setDownloading({ ...downloading(), [id]: `failed: ${(e as Error).message}` });
    }
  };

  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sessions</h2>
      <Show when={storageError()}>
        <div class="alert error" role="alert">
          {storageError()}
        </div>
      </Show>
      <Show when={recovered().length}>
        <div class="alert info" role="status" data-testid="recovered-note">
          {recovered().length} recording{recovered().length > 1 ? 's were' : ' was'} interrupted (tab closed or crash). Everything up to the last
          saved second is kept; they are marked “interrupted”.
        </div>
      </Show>
      <div class="card row" data-testid="storage-card">
        <Show when={quota()} fallback={<span>Storage: measuring…</span>}>
          {(q) => (
            <span>
              Storage: <strong>{formatBytes(q().usedBytes)}</strong> used of {q().quotaBytes ? formatBytes(q().quotaBytes) : 'unknown'} available ·{' '}
              {q().persisted ? 'kept by the browser (persistent)' : 'the browser may evict it under pressure: sync to keep a copy'}
            </span>
          )}
        </Show>
        <button
          type="button"
          onClick={() =>
            void syncControl()
              ?.syncNow()
              .catch(() => {})
          }
        >
          Sync now
        </button>
      </div>
      <ImportDropZone />
      <h3>In this browser</h3>
      <Show
        when={!sessions.loading || sessions()}
        fallback={
          <p role="status">
            <span class="spinner" aria-hidden="true" /> Loading sessions…
          </p>
        }
      >
        <Show
          when={sessions()?.length}
          fallback={
            <p class="muted" data-testid="sessions-empty">
              No sessions yet. Connect a device and press Record on the Live screen, or import a file.
            </p>
          }
        >
          <ExportPanel selected={selected()} />
          <table data-testid="sessions-table">
            <caption class="sr-only">Sessions stored in this browser</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span class="sr-only">Selected for export</span>
                </th>
                <th scope="col">Session</th>
                <th scope="col">Length</th>
                <th scope="col">State</th>
                <th scope="col">Sync</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              <For each={sessions()}>
                {(s) => (
                  <SessionRow
                    session={s}
                    onReplay={() => navigate('/live', { session: s.id })}
                    selected={ticked().has(s.id)}
                    onSelect={(on) => tick(s.id, on)}
                  />
                )}
              </For>
            </tbody>
          </table>
        </Show>
      </Show>
      <h3>On the server only</h3>
      <Show
        when={!remote.isError}
        fallback={
          <p class="muted" data-testid="remote-error">
            Server not reachable: sessions recorded on other devices appear here when it is.
          </p>
        }
      >
        <Show
          when={!remote.isLoading}
          fallback={
            <p role="status">
              <span class="spinner" aria-hidden="true" /> Asking the server…
            </p>
          }
        >
          <Show when={remoteOnly().length} fallback={<p class="muted">Every server session is also in this browser.</p>}>
            <ul class="card" data-testid="remote-sessions">
              <For each={remoteOnly()}>
                {(s) => (
                  <li class="row">
                    <span>
                      {s.metadata.device.name} · {new Date(s.metadata.startTime).toLocaleString()} ·{' '}
                      {s.metadata.streams.map(describeStream).join('; ')}
                      {s.metadata.encryption ? ' · end-to-end encrypted' : ''}
                    </span>
                    <button type="button" onClick={() => void download(s.id)}>
                      Download
                    </button>
                    <span class="muted">{downloading()[s.id] ?? ''}</span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </Show>
      </Show>
    </section>
  );
}
