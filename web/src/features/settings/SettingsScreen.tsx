// Settings: server URL, sync and its consent, your data (download all, delete account, wipe), login (cloud mode), mains frequency, filters, bands, units, theme.
import { For, Show, createSignal } from 'solid-js';
import { announce } from '../../app/announcer.ts';
import { apiUrl, settings, updateSettings, defaultSettings, type StudioSettings } from '../../app/settings.ts';
import { adoptToken, dropLogin, signedOutReason } from '../../app/auth-session.ts';
import type { BandName } from '../../../../dsp-wasm/src/analysis-types.ts';
import { bandProblem, bandpassProblem } from '../../app/settings-check.ts';
import SyncConsentCard from '../privacy/SyncConsentCard.tsx';
import EncryptionCard from '../privacy/EncryptionCard.tsx';
import MyDataCard from '../privacy/MyDataCard.tsx';
import { ListeningCheckCard } from '../listen/ListeningCheckCard.tsx';
import { describeSyncPermission } from '../privacy/sync-consent.ts';

const bandNames: BandName[] = ['delta', 'theta', 'alpha', 'beta', 'gamma'];

export default function SettingsScreen() {
  const [server, setServer] = createSignal(settings().serverUrl);
  const [email, setEmail] = createSignal(settings().username);
  const [password, setPassword] = createSignal('');
  const [loginState, setLoginState] = createSignal<{ busy?: boolean; error?: string } | null>(null);
  const restartSync = async () => {
    const { startSync } = await import('../sessions/sync-runner.ts');
    void startSync();
  };
  const saveServer = async (e: SubmitEvent) => {
    e.preventDefault();
    updateSettings({ serverUrl: server().trim() });
    await restartSync();
    announce(describeSyncPermission());
  };
  const login = async (e: SubmitEvent) => {
    e.preventDefault();
    setLoginState({ busy: true });
    try {
      const { logIn } = await import('./login.ts');
      const { token, email: who } = await logIn(server().trim(), email().trim(), password());
      updateSettings({ serverUrl: server().trim() });
      adoptToken(token, who);
      setPassword('');
      setLoginState(null);
      announce(`Logged in as ${who}.`);
      await restartSync();
    } catch (err) {
      setLoginState({ error: (err as Error).message });
    }
  };
  const logout = async () => {
    // Revoke the refresh cookie's family on the server too (best effort: offline still logs out here).
    await fetch(apiUrl('/api/v1/auth/logout'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'include',
      body: '{}',
    }).catch(() => undefined);
    dropLogin(null);
    updateSettings({ username: '' });
    announce('Logged out.');
    await restartSync();
  };
  const set = <K extends keyof StudioSettings>(key: K, value: StudioSettings[K]) => updateSettings({ [key]: value } as Partial<StudioSettings>);
  // A pair of edges is checked as the two fields show it now, and stored only when it passes; the
  // reason stays beside the fields until it is fixed.
  const [problems, setProblems] = createSignal<Record<string, string | null>>({});
  const fieldNumber = (id: string) => {
    const input = document.getElementById(id) as HTMLInputElement | null;
    return input && input.value.trim() !== '' ? Number(input.value) : Number.NaN;
  };
  const setBand = (band: BandName) => {
    const edges: [number, number] = [fieldNumber(`${band}-lo`), fieldNumber(`${band}-hi`)];
    const problem = bandProblem(band, edges);
    setProblems({ ...problems(), [band]: problem });
    if (!problem) set('bands', { ...settings().bands, [band]: edges });
  };
  const setBandpass = () => {
    const [low, high] = [fieldNumber('bp-lo'), fieldNumber('bp-hi')];
    const problem = bandpassProblem(low, high);
    setProblems({ ...problems(), bandpass: problem });
    if (!problem) updateSettings({ bandpassLowHz: low, bandpassHighHz: high });
  };
  const invalid = (key: string) => (problems()[key] ? 'true' : undefined);
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <form class="card" onSubmit={(e) => void saveServer(e)} aria-labelledby="server-h">
        <h3 id="server-h">Server</h3>
        <p class="muted">Leave the URL empty to use the server this app came from (local mode).</p>
        <label for="server-url">Server URL</label>
        <input
          id="server-url"
          type="url"
          placeholder="https://clisonix.example"
          size="40"
          value={server()}
          onInput={(e) => setServer(e.currentTarget.value)}
        />
        <div class="row" style={{ 'margin-top': '10px' }}>
          <button type="submit">Save server</button>
        </div>
      </form>
      <SyncConsentCard />
      <EncryptionCard />
      <MyDataCard />
      <form class="card" onSubmit={(e) => void login(e)} aria-labelledby="login-h">
        <h3 id="login-h">Account (cloud mode)</h3>
        <Show when={signedOutReason()}>
          <div class="alert error" role="alert" data-testid="signed-out">
            Signed out: {signedOutReason()}
          </div>
        </Show>
        <Show
          when={!settings().token}
          fallback={
            <div class="row">
              <span data-testid="logged-in">
                Logged in as <strong>{settings().username}</strong>.
              </span>
              <button type="button" onClick={() => void logout()}>
                Log out
              </button>
            </div>
          }
        >
          <label for="login-email">E-mail</label>
          <input id="login-email" type="email" autocomplete="username" value={email()} onInput={(e) => setEmail(e.currentTarget.value)} />
          <label for="login-password">Password</label>
          <input
            id="login-password"
            type="password"
            autocomplete="current-password"
            value={password()}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          <div class="row" style={{ 'margin-top': '10px' }}>
            <button class="primary" type="submit" disabled={loginState()?.busy}>
              Log in
            </button>
          </div>
          <Show when={loginState()?.error}>
            <div class="alert error" role="alert">
              {loginState()?.error}
            </div>
          </Show>
        </Show>
      </form>
      <div class="card">
        <h3>Signal</h3>
        <fieldset>
          <legend>Mains frequency (notch filter)</legend>
          <For each={[50, 60] as const}>
            {(hz) => (
              <label style={{ display: 'inline-flex', gap: '6px', 'margin-right': '16px', 'font-weight': 'normal' }}>
                <input type="radio" name="mains" checked={settings().mainsHz === hz} onChange={() => set('mainsHz', hz)} /> {hz} Hz
              </label>
            )}
          </For>
        </fieldset>
        <label style={{ 'font-weight': 'normal' }}>
          <input type="checkbox" checked={settings().notchEnabled} onChange={(e) => set('notchEnabled', e.currentTarget.checked)} /> Notch filter on
          the Live view
        </label>
        <label style={{ 'font-weight': 'normal' }}>
          <input type="checkbox" checked={settings().bandpassEnabled} onChange={(e) => set('bandpassEnabled', e.currentTarget.checked)} /> Band-pass
          filter on the Live view
        </label>
        <div class="row">
          <label for="bp-lo">Band-pass low (Hz)</label>
          <input
            id="bp-lo"
            type="number"
            min="0.1"
            max="20"
            step="0.1"
            value={settings().bandpassLowHz}
            aria-invalid={invalid('bandpass')}
            aria-describedby="bandpass-problem"
            onChange={setBandpass}
          />
          <label for="bp-hi">high (Hz)</label>
          <input
            id="bp-hi"
            type="number"
            min="10"
            max="200"
            step="1"
            value={settings().bandpassHighHz}
            aria-invalid={invalid('bandpass')}
            aria-describedby="bandpass-problem"
            onChange={setBandpass}
          />
        </div>
        <p id="bandpass-problem" class="bad-text" data-testid="problem-bandpass">
          <Show when={problems().bandpass}>{(text) => <span role="alert">{text()}</span>}</Show>
        </p>
        <label for="units">Units</label>
        <select id="units" value={settings().units} onChange={(e) => set('units', e.currentTarget.value as 'uV' | 'mV')}>
          <option value="uV">microvolts (µV)</option>
          <option value="mV">millivolts (mV)</option>
        </select>
      </div>
      <div class="card">
        <h3>Bands (Hz)</h3>
        <table>
          <caption class="sr-only">Frequency band edges</caption>
          <thead>
            <tr>
              <th scope="col">Band</th>
              <th scope="col">Low (Hz)</th>
              <th scope="col">High (Hz)</th>
              <th scope="col">
                <span class="sr-only">Problem</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={bandNames}>
              {(band) => (
                <tr>
                  <th scope="row">{band}</th>
                  <td>
                    <label class="sr-only" for={`${band}-lo`}>
                      {band} low edge in Hz
                    </label>
                    <input
                      id={`${band}-lo`}
                      type="number"
                      step="0.5"
                      min="0"
                      value={settings().bands[band][0]}
                      aria-invalid={invalid(band)}
                      aria-describedby={`${band}-problem`}
                      onChange={() => setBand(band)}
                    />
                  </td>
                  <td>
                    <label class="sr-only" for={`${band}-hi`}>
                      {band} high edge in Hz
                    </label>
                    <input
                      id={`${band}-hi`}
                      type="number"
                      step="0.5"
                      min="0"
                      value={settings().bands[band][1]}
                      aria-invalid={invalid(band)}
                      aria-describedby={`${band}-problem`}
                      onChange={() => setBand(band)}
                    />
                  </td>
                  <td id={`${band}-problem`} class="bad-text" data-testid={`problem-${band}`}>
                    <Show when={problems()[band]}>{(text) => <span role="alert">{text()}</span>}</Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        <button
          type="button"
          onClick={() => {
            set('bands', defaultSettings.bands);
            setProblems({ ...problems(), ...Object.fromEntries(bandNames.map((b) => [b, null])) });
            for (const b of bandNames) {
              (document.getElementById(`${b}-lo`) as HTMLInputElement).value = String(defaultSettings.bands[b][0]);
              (document.getElementById(`${b}-hi`) as HTMLInputElement).value = String(defaultSettings.bands[b][1]);
            }
          }}
        >
          Reset bands
        </button>
      </div>
      <ListeningCheckCard />
      <div class="card">
        <h3>Appearance</h3>
        <label for="theme">Theme</label>
        <select id="theme" value={settings().theme} onChange={(e) => set('theme', e.currentTarget.value as StudioSettings['theme'])}>
          <option value="system">Follow the system</option>
          <option value="dark">Dark</option>
          <option value="light">Light</option>
        </select>
        <p class="muted">Animations follow your system's “reduce motion” setting.</p>
      </div>
    </section>
  );
}
