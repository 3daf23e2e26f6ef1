// Research exports of the sessions ticked in the library: the format, band powers beside the raw,
// and one button. The file is picked first (inside the click, as the File System Access API needs),
// then the export worker writes into it; progress and the result are announced.
import { For, Show, createSignal } from 'solid-js';
import { SESSION_EXPORT_FORMATS, SESSION_EXPORT_LABELS, planExport } from '../../../../workers/formats/session/session-export.ts';
import { DERIVED_FRAME } from '../../../../workers/formats/session/derived-bands.ts';
import type { StoredSession } from '../../../../workers/storage/types.ts';
import { announce } from '../../app/announcer.ts';
import { settings } from '../../app/settings.ts';
import { chooseSink, exportSessions } from './session-export.main.ts';
import { exportableStreams } from './session-export-source.ts';

export function ExportPanel(props: { selected: StoredSession[] }) {
  const [format, setFormat] = createSignal<string>('bids');
  const [derived, setDerived] = createSignal(true);
  const [status, setStatus] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const count = () => props.selected.length;

  const run = async () => {
    const chosen = [...props.selected].sort((a, b) => a.startedAtMs - b.startedAtMs);
    if (!chosen.length || busy()) return;
    setBusy(true);
    try {
      const plan = planExport(
        chosen.map((s) => ({ ...s, streams: exportableStreams(s) })),
        format(),
        derived(),
      );
      const sink = await chooseSink(plan);
      if (!sink) {
        setStatus('Export cancelled.');
        return;
      }
      setStatus(`Exporting ${plan.fileName}…`);
      const { mainsHz, bands } = settings();
      const result = await exportSessions(
        chosen.map((s) => s.id),
        format(),
        { derived: derived() ? { bands, mainsHz } : null, powerLineHz: mainsHz },
        sink,
        (p) => setStatus(`Exporting ${plan.fileName}: ${p.filesDone} file${p.filesDone === 1 ? '' : 's'} written (${p.file.split('/').at(-1)})`),
      );
      const done = `Exported ${result.fileName} (${result.files.length} file${result.files.length === 1 ? '' : 's'}, ${(result.bytes / 1e6).toFixed(1)} MB).`;
      setStatus(done);
      announce(done);
    } catch (e) {
      setStatus(`Export failed: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="card" data-testid="export-panel">
      <div class="row">
        <label for="export-format">Export as</label>
        <select id="export-format" value={format()} onChange={(e) => setFormat(e.currentTarget.value)}>
          <For each={[...SESSION_EXPORT_FORMATS]}>{(f) => <option value={f}>{SESSION_EXPORT_LABELS[f]}</option>}</For>
        </select>
        <label>
          <input type="checkbox" checked={derived()} onChange={(e) => setDerived(e.currentTarget.checked)} /> Band powers, quality and scores over
          time (CSV, {DERIVED_FRAME.windowSec} s frames every {DERIVED_FRAME.stepSec} s)
        </label>
        <button type="button" class="primary" disabled={!count() || busy()} onClick={() => void run()}>
          {count() ? `Export ${count()} selected` : 'Export selected'}
        </button>
      </div>
      <Show when={!count()}>
        <p class="muted">Tick sessions in the list to export them: every stream (EEG, motion, PPG, heart rate) with markers and gaps.</p>
      </Show>
      <Show when={status()}>
        <p role="status" data-testid="export-status">
          {status()}
        </p>
      </Show>
    </div>
  );
}
