// Settings' "Sync and privacy" card: what sync does now, the consent step before anything is sent to a
// server, and turning it off (at once). The text of the consent is CONSENT_SENDS, versioned.
import { For, Show, createSignal } from 'solid-js';
import { announce } from '../../app/announcer.ts';
import {
  CONSENT_SENDS,
  CONSENT_VERSION,
  describeSyncPermission,
  grantSyncConsent,
  syncPermission,
  syncTarget,
  withdrawSyncConsent,
} from './sync-consent.ts';

export default function SyncConsentCard() {
  const [asking, setAsking] = createSignal(false);
  const agree = () => {
    grantSyncConsent();
    setAsking(false);
    announce(`Sync is on: recordings go to ${syncTarget().origin}.`);
  };
  const turnOff = () => {
    withdrawSyncConsent();
    announce('Sync is off: nothing more is sent. Recordings stay in this browser.');
  };
  return (
    <section class="card" aria-labelledby="sync-consent-h">
      <h3 id="sync-consent-h">Sync and privacy</h3>
      <p data-testid="sync-permission">{describeSyncPermission()}</p>
      <Show
        when={syncPermission()}
        fallback={
          <Show
            when={asking()}
            fallback={
              <button type="button" onClick={() => setAsking(true)}>
                Turn on sync…
              </button>
            }
          >
            <fieldset data-testid="sync-consent" data-version={CONSENT_VERSION}>
              <legend>Before anything leaves this browser</legend>
              <p>
                EEG is health data. If you turn sync on, this browser sends to <strong>{syncTarget().origin}</strong>, over HTTPS where the address
                says so, for every session you record or import:
              </p>
              <ul>
                <For each={CONSENT_SENDS}>{(item) => <li>{item}</li>}</For>
              </ul>
              <p>
                Whoever runs that server can read what it stores. You can take this back at any time: "Turn sync off" here stops sending at once;
                sessions already sent stay on the server until you delete them there (Sessions) or delete your account. Consent version{' '}
                {CONSENT_VERSION}; the version and the time you agree travel with every session synced.
              </p>
              <div class="row">
                <button type="button" class="primary" onClick={agree}>
                  I agree: sync with {syncTarget().origin}
                </button>
                <button type="button" onClick={() => setAsking(false)}>
                  Cancel
                </button>
              </div>
            </fieldset>
          </Show>
        }
      >
        <button type="button" onClick={turnOff}>
          Turn sync off
        </button>
      </Show>
    </section>
  );
}
