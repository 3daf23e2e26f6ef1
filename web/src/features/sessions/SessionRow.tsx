// One row of the session library: state, sync progress, conflict choice, replay/export/notes/delete.
import { Show, createSignal } from 'solid-js';
import { announce } from '../../app/announcer.ts';
import { studioDb } from '../../app/studio.ts';
import { listChunks } from '../../../../workers/storage/chunk-store.ts';
import { deleteSession, editSessionMetadata } from '../../../../workers/storage/session-store.ts';
import type { StoredSession } from '../../../../workers/storage/types.ts';
import { LOSS_WARNING_FRACTION, worstLoss } from '../../../../workers/storage/session-loss.ts';
import { bumpSessions, syncControl } from './sync-runner.ts';
import { TrainingSummaryPanel } from './TrainingSummaryPanel.tsx';
import { sessionToRecording } from './session-recording.ts';

const stateText: Record<StoredSession['status'], string> = {
  recording: 'Recording',
  complete: 'Complete',
  interrupted: 'Interrupted',
  imported: 'Imported',
};

const clock = (seconds: number) => {
  const sec = Math.max(0, Math.round(seconds));
  return `${Math.floor(sec / 60)}:${String(sec % 60).padStart(2, '0')}`;
};

/** The span, and what of it is missing: '7:09, 2:36 missing (36 %)'. */
function duration(s: StoredSession): { text: string; warn: boolean } {
  const span = clock(((s.endedAtMs ?? Date.now()) - s.startedAtMs) / 1000);
  const loss = worstLoss(s);
  if (!loss) return { text: span, warn: false };
  const share = loss.missingFraction * 100;
  return {
    text: `${span}, ${clock(loss.missingSec)} missing (${share < 1 ? share.toFixed(1) : Math.round(share)} %${s.streams.length > 1 ? ` of ${loss.streamId}` : ''})`,
    warn: loss.missingFraction > LOSS_WARNING_FRACTION,
  };
}

export function SessionRow(props: { session: StoredSession; onReplay: () => void; selected: boolean; onSelect: (selected: boolean) => void }) {
  const s = () => props.session;
  const [busy, setBusy] = createSignal('');
  const [editing, setEditing] = createSignal(false);
  const [notes, setNotes] = createSignal('');
  const [summaryOpen, setSummaryOpen] = createSignal(false);

  const exportEdf = async () => {
    setBusy('Exporting…');
    try {
      const db = await studioDb();
      const recording = sessionToRecording(s(), await listChunks(db, s().id));
      const { exportRecording } = await import('../../../../workers/formats/index.ts');
      const bytes = exportRecording(recording, 'edf');
      const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${s().title.replace(/[^\w.-]+/g, '_')}.edf`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      announce('EDF+ file exported.');
      setBusy('');
    } catch (e) {
      setBusy(`Export failed: ${(e as Error).message}`);
    }
  };

  const remove = async () => {
    const unsynced = s().sync.state !== 'synced';
    if (
      !confirm(
        unsynced
          ? `“${s().title}” is not synced to the server. Delete it from this browser for good?`
          : `Delete “${s().title}” from this browser? The server copy stays.`,
      )
    )
      return;
    await deleteSession(await studioDb(), s().id);
    announce(`Deleted ${s().title}.`);
    bumpSessions();
  };

  const saveNotes = async () => {
    await editSessionMetadata(await studioDb(), s().id, { notes: notes() });
    setEditing(false);
    bumpSessions();
    void syncControl()
      ?.syncNow()
      .catch(() => {});
  };

  const resolve = async (keep: 'mine' | 'server') => {
    await syncControl()?.resolveConflict(s().id, keep);
    bumpSessions();
  };

  return (
    <>
      <tr data-session-id={s().id} data-sync-state={s().sync.state} data-status={s().status}>
        <td>
          <input
            type="checkbox"
            aria-label={`Select “${s().title}” for export`}
            checked={props.selected}
            disabled={s().status === 'recording'}
            onChange={(e) => props.onSelect(e.currentTarget.checked)}
          />
        </td>
        <td>
          <strong>{s().title}</strong>
          <div class="muted">
            {s().startTimeUnknown
              ? 'Recording time unknown (imported ' + new Date(s().startedAtMs).toLocaleDateString() + ')'
              : new Date(s().startedAtMs).toLocaleString()}{' '}
            · {s().deviceName} · {s().markers.length} marker{s().markers.length === 1 ? '' : 's'}
            {s().origin === 'remote' ? ' · from another device' : ''}
          </div>
          <Show when={s().notes && !editing()}>
            <div class="muted">Notes: {s().notes}</div>
          </Show>
          <Show when={editing()}>
            <label for={`notes-${s().id}`}>Notes</label>
            <textarea id={`notes-${s().id}`} rows="2" cols="40" value={notes()} onInput={(e) => setNotes(e.currentTarget.value)} />
            <div class="row">
              <button type="button" class="primary" onClick={() => void saveNotes()}>
                Save notes
              </button>
              <button type="button" onClick={() => setEditing(false)}>
                Cancel
              </button>
            </div>
          </Show>
        </td>
        <td class={duration(s()).warn ? 'warn-text' : ''} data-testid="session-duration">
          {duration(s()).text}
        </td>
        <td>
          <span class={s().status === 'interrupted' ? 'warn-text' : ''}>{stateText[s().status]}</span>
        </td>
        <td>
          <div>
            {s().sync.state === 'synced'
              ? 'Synced'
              : s().sync.state === 'conflict'
                ? 'Conflict'
                : s().sync.state === 'uploading'
                  ? 'Uploading'
                  : s().sync.state === 'error'
                    ? 'Waiting'
                    : 'Not synced'}
          </div>
          <progress max={Math.max(1, s().sync.totalChunks)} value={s().sync.uploadedChunks} aria-label={`Sync progress of ${s().title}`} />
          <div class="muted">
            {s().sync.uploadedChunks}/{s().sync.totalChunks} chunks
          </div>
          <Show when={s().sync.message}>
            <div class="muted">{s().sync.message}</div>
          </Show>
          <Show when={s().sync.conflict}>
            {(c) => (
              // biome-ignore lint/a11y/useSemanticElements: the two choices of a conflict, not form fields: a fieldset would style and announce them as a form.
              <div class="alert" role="group" aria-label="Sync conflict">
                <div>
                  Server (v{c().serverVersion}): “{c().serverNotes || '(empty)'}”
                </div>
                <div>This browser: “{c().localNotes || '(empty)'}”</div>
                <div class="row">
                  <button type="button" onClick={() => void resolve('mine')}>
                    Keep mine
                  </button>
                  <button type="button" onClick={() => void resolve('server')}>
                    Keep server's
                  </button>
                </div>
              </div>
            )}
          </Show>
        </td>
        <td>
          <div class="row">
            <button type="button" onClick={() => props.onReplay()} disabled={s().status === 'recording'}>
              Replay
            </button>
            <button type="button" onClick={() => void exportEdf()} disabled={s().status === 'recording'}>
              Export EDF+
            </button>
            <Show when={s().training}>
              <button type="button" aria-expanded={summaryOpen()} onClick={() => setSummaryOpen(!summaryOpen())}>
                Training summary
              </button>
            </Show>
            <button
              type="button"
              onClick={() => {
                setNotes(s().notes);
                setEditing(true);
              }}
            >
              Notes
            </button>
            <button type="button" class="danger" onClick={() => void remove()} disabled={s().status === 'recording'}>
              Delete
            </button>
          </div>
          <Show when={busy()}>
            <div class="muted" role="status">
              {busy()}
            </div>
          </Show>
        </td>
      </tr>
      <Show when={summaryOpen() && s().training}>
        {(log) => (
          <tr data-summary-of={s().id}>
            <td colspan="6">
              <TrainingSummaryPanel session={s()} log={log()} />
            </td>
          </tr>
        )}
      </Show>
    </>
  );
}
