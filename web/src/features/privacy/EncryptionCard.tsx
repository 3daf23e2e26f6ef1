// Settings' "End-to-end encryption" card: set the account's passphrase (twice, with a strength hint and
// the warning that a lost passphrase means lost sessions), unlock this browser with it, turn the
// encryption of new sessions on or off, forget the key here. Logic in e2e-account.ts.
import { Match, Show, Switch, createResource, createSignal } from 'solid-js';
import { announce } from '../../app/announcer.ts';
import {
  MIN_PASSPHRASE_LENGTH,
  forgetKeyHere,
  loadE2eView,
  passphraseStrength,
  setEncryptionEnabled,
  setUpEncryption,
  unlockEncryption,
  type E2eView,
} from './e2e-account.ts';
import { syncPermission, syncTarget } from './sync-consent.ts';

type Known = Extract<E2eView, { state: 'locked' | 'unlocked' }>;

export default function EncryptionCard() {
  // Nothing is asked of a server before sync may talk to it (the consent step above); a new server or
  // permission asks again.
  const [view, { refetch }] = createResource(() => (syncPermission() ? syncTarget().origin : false), loadE2eView);
  const [choosing, setChoosing] = createSignal(false);
  const [passphrase, setPassphrase] = createSignal('');
  const [again, setAgain] = createSignal('');
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const strength = () => passphraseStrength(passphrase());

  const act = async (work: () => Promise<void>, done: string) => {
    setBusy(true);
    setError('');
    try {
      await work();
      setPassphrase('');
      setAgain('');
      setChoosing(false);
      announce(done);
      await refetch();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const setUp = (event: Event) => {
    event.preventDefault();
    if (passphrase().length < MIN_PASSPHRASE_LENGTH) return setError(`Use at least ${MIN_PASSPHRASE_LENGTH} characters.`);
    if (passphrase() !== again()) return setError('The two passphrases differ.');
    void act(() => setUpEncryption(passphrase()), 'End-to-end encryption is on: new sessions are encrypted in this browser before they are sent.');
  };
  const unlock = (event: Event, known: Known) => {
    event.preventDefault();
    void act(() => unlockEncryption(passphrase(), known.params), 'Unlocked: this browser can read and sync your encrypted sessions.');
  };

  return (
    <section class="card" aria-labelledby="e2e-h">
      <h3 id="e2e-h">End-to-end encryption</h3>
      <Switch>
        <Match when={!syncPermission()}>
          <p data-testid="e2e-status">
            Sync is off for this server: end-to-end encryption applies to what sync sends. Turn sync on above to set it up or unlock it.
          </p>
        </Match>
        <Match when={view.loading}>
          <p class="muted">Asking the server…</p>
        </Match>
        <Match when={view()?.state === 'unavailable' && (view() as { reason: string })}>
          {(v) => <p data-testid="e2e-status">Cannot read your encryption settings from the server: {v().reason}</p>}
        </Match>
        <Match when={view()?.state === 'not-set-up'}>
          <p data-testid="e2e-status">Off: sessions synced to the server are readable by whoever runs it.</p>
          <label>
            <input type="checkbox" checked={choosing()} onChange={(e) => setChoosing(e.currentTarget.checked)} /> Encrypt my sessions end to end
          </label>
          <Show when={choosing()}>
            <form onSubmit={setUp} aria-describedby="e2e-warning">
              <p>
                Samples, markers, notes and titles are encrypted in this browser (AES-256-GCM) under a key made from your passphrase; the key never
                leaves your devices. The server stores only what it cannot read. On another browser, enter the same passphrase to open them.
              </p>
              <p id="e2e-warning" class="warning" data-testid="e2e-warning">
                <strong>If you lose this passphrase, your encrypted sessions are lost.</strong> Nobody can recover them: not you, not whoever runs the
                server. Write it down and keep it somewhere safe. It cannot be changed later.
              </p>
              <label for="e2e-passphrase">Passphrase</label>
              <input
                id="e2e-passphrase"
                type="password"
                autocomplete="new-password"
                value={passphrase()}
                onInput={(e) => setPassphrase(e.currentTarget.value)}
              />
              <p data-testid="e2e-strength" aria-live="polite">
                Strength: {strength().label} (about {strength().bits} bits). Four or more random words, or 14 mixed characters, are strong.
              </p>
              <label for="e2e-passphrase-again">Passphrase again</label>
              <input
                id="e2e-passphrase-again"
                type="password"
                autocomplete="new-password"
                value={again()}
                onInput={(e) => setAgain(e.currentTarget.value)}
              />
              <button type="submit" class="primary" disabled={busy()}>
                Encrypt my sessions
              </button>
            </form>
          </Show>
        </Match>
        <Match when={view()?.state === 'locked' && (view() as Known)}>
          {(known) => (
            <form onSubmit={(e) => unlock(e, known())}>
              <p data-testid="e2e-status">
                Locked: your account encrypts sessions end to end. Enter your passphrase to read and sync them in this browser.
              </p>
              <label for="e2e-unlock">Passphrase</label>
              <input
                id="e2e-unlock"
                type="password"
                autocomplete="current-password"
                value={passphrase()}
                onInput={(e) => setPassphrase(e.currentTarget.value)}
              />
              <button type="submit" class="primary" disabled={busy()}>
                Unlock
              </button>
            </form>
          )}
        </Match>
        <Match when={view()?.state === 'unlocked' && (view() as Known)}>
          {(known) => (
            <>
              <p data-testid="e2e-status">
                {known().enabled
                  ? 'On: new sessions are encrypted in this browser before they are sent; the server cannot read them.'
                  : 'Paused: new sessions are sent unencrypted. Sessions encrypted before stay encrypted.'}
              </p>
              <div class="row">
                <button
                  type="button"
                  disabled={busy()}
                  onClick={() =>
                    void act(
                      () => setEncryptionEnabled(known().params, !known().enabled),
                      known().enabled ? 'New sessions are sent unencrypted.' : 'New sessions are encrypted again.',
                    )
                  }
                >
                  {known().enabled ? 'Stop encrypting new sessions' : 'Encrypt new sessions again'}
                </button>
                <button
                  type="button"
                  disabled={busy()}
                  onClick={() => void act(() => forgetKeyHere(known().params), 'The key is gone from this browser.')}
                >
                  Forget the key in this browser
                </button>
              </div>
            </>
          )}
        </Match>
      </Switch>
      <Show when={error()}>
        <p role="alert" class="error" data-testid="e2e-error">
          {error()}
        </p>
      </Show>
    </section>
  );
}
