// Always-visible state: connection, the device's battery (warned below 15 %), recording (with unsaved chunks / full disk), and sync.
import { Show } from 'solid-js';
import { connection, recorder, recorderStatus, source } from './studio.ts';
import { syncSummary } from '../features/sessions/sync-state.ts';
import { signedOutReason } from './auth-session.ts';
import { navigate } from './router.ts';
import { nfStatus } from './neurofeedback-state.ts';
import { battery, startBatteryState } from './battery-state.ts';
import { batteryWords } from './battery-words.ts';

const connectionText: Record<string, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  streaming: 'Streaming',
  reconnecting: 'Reconnecting…',
  lost: 'Connection lost',
  stopped: 'Stopped',
};

export function StatusBadges() {
  startBatteryState();
  const batteryText = () => {
    const b = battery();
    return b ? batteryWords(b.pct, source()?.name ?? 'Device') : null;
  };
  const dotClass = () => {
    const s = connection().state;
    return s === 'streaming' ? 'ok' : s === 'reconnecting' || s === 'connecting' ? 'warn' : s === 'lost' ? 'bad' : '';
  };
  return (
    <div class="badges">
      <span class="badge" data-testid="connection-badge">
        <span class={`dot ${dotClass()}`} aria-hidden="true" />
        {connectionText[connection().state]}
        <Show when={source()}>{(s) => <span class="muted">· {s().name}</span>}</Show>
      </span>
      <Show when={batteryText()}>
        {(b) => (
          <span class="badge" data-testid="battery-badge" data-battery-pct={battery()?.pct} title={b().warning ?? undefined}>
            <span class={`dot ${b().low ? 'bad' : 'ok'}`} aria-hidden="true" />
            <Show when={b().low} fallback={b().text}>
              <strong class="bad-text">{b().text}: low, charge soon</strong>
            </Show>
          </span>
        )}
      </Show>
      <Show when={recorder()}>
        <span class="badge" data-testid="recording-badge">
          <span class="dot bad" aria-hidden="true" />
          <Show when={recorderStatus()?.storageFull} fallback="Recording">
            <strong class="bad-text">Storage full: {recorderStatus()?.unsavedChunks} s not saved yet</strong>
          </Show>
        </span>
      </Show>
      <Show when={nfStatus()?.phase === 'training'}>
        <a
          class="badge"
          href="/listen"
          onClick={(e) => {
            e.preventDefault();
            navigate('/listen');
          }}
          data-testid="training-badge"
          data-updates={nfStatus()?.updates ?? 0}
        >
          <span class="dot ok" aria-hidden="true" />
          Training · {nfStatus()?.updates ?? 0} {nfStatus()?.updates === 1 ? 'update' : 'updates'}
        </a>
      </Show>
      <Show when={signedOutReason()}>
        <a
          class="badge"
          href="/settings"
          onClick={(e) => {
            e.preventDefault();
            navigate('/settings');
          }}
          data-testid="signed-out-badge"
          title={signedOutReason()!}
        >
          <span class="dot bad" aria-hidden="true" />
          Signed out
        </a>
      </Show>
      <span class="badge" data-testid="sync-badge">
        <span class={`dot ${syncSummary().online && !syncSummary().conflicts ? 'ok' : 'warn'}`} aria-hidden="true" />
        {syncSummary().text}
      </span>
    </div>
  );
}
