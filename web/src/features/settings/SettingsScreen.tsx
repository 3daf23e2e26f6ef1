// Settings: server URL and login (cloud mode), mains frequency, filters, bands, units, theme.
import { For, createSignal } from 'solid-js';
import { announce } from '../../app/announcer.ts';
import { settings, updateSettings, defaultSettings, type StudioSettings } from '../../app/settings.ts';
import type { BandName } from '../../../../dsp-wasm/src/analysis-types.ts';

const bandNames: BandName[] = ['delta', 'theta', 'alpha', 'beta', 'gamma'];

export default function SettingsScreen() {
  const [server, setServer] = createSignal(settings().serverUrl);
  const [user, setUser] = createSignal(settings().username);
  const [token, setToken] = createSignal(settings().token);
  const saveServer = async (e: SubmitEvent) => {
    e.preventDefault();
    updateSettings({ serverUrl: server().trim(), username: user().trim(), token: token().trim() });
    const { startSync } = await import('../sessions/sync-runner.ts');
    void startSync();
    announce(server().trim() ? `Cloud mode: syncing with ${server().trim()}.` : 'Local mode: syncing with this server.');
  };
  const set = <K extends keyof StudioSettings>(key: K, value: StudioSettings[K]) => updateSettings({ [key]: value } as Partial<StudioSettings>);
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <form class="card" onSubmit={(e) => void saveServer(e)} aria-labelledby="server-h">
        <h3 id="server-h">Server</h3>
        <p class="muted">Leave the URL empty to use the server this app came from (local mode).</p>
        <label for="server-url">Server URL</label>
        <input id="server-url" type="url" placeholder="https://clisonix.example" size="40" value={server()} onInput={(e) => setServer(e.currentTarget.value)} />
        <label for="server-user">User name (cloud mode)</label>
        <input id="server-user" autocomplete="username" value={user()} onInput={(e) => setUser(e.currentTarget.value)} />
        <label for="server-token">Access token (cloud mode)</label>
        <input id="server-token" type="password" autocomplete="current-password" value={token()} onInput={(e) => setToken(e.currentTarget.value)} />
        <div class="row" style={{ 'margin-top': '10px' }}><button class="primary" type="submit">Save server</button></div>
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
        <label style={{ 'font-weight': 'normal' }}><input type="checkbox" checked={settings().notchEnabled} onChange={(e) => set('notchEnabled', e.currentTarget.checked)} /> Notch filter on the Live view</label>
        <label style={{ 'font-weight': 'normal' }}><input type="checkbox" checked={settings().bandpassEnabled} onChange={(e) => set('bandpassEnabled', e.currentTarget.checked)} /> Band-pass filter on the Live view</label>
        <div class="row">
          <label for="bp-lo">Band-pass low (Hz)</label>
          <input id="bp-lo" type="number" min="0.1" max="20" step="0.1" value={settings().bandpassLowHz} onChange={(e) => set('bandpassLowHz', Number(e.currentTarget.value))} />
          <label for="bp-hi">high (Hz)</label>
          <input id="bp-hi" type="number" min="10" max="200" step="1" value={settings().bandpassHighHz} onChange={(e) => set('bandpassHighHz', Number(e.currentTarget.value))} />
        </div>
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
          <tbody>
            <For each={bandNames}>
              {(band) => (
                <tr>
                  <th scope="row">{band}</th>
                  <td>
                    <label class="sr-only" for={`${band}-lo`}>{band} low edge in Hz</label>
                    <input id={`${band}-lo`} type="number" step="0.5" min="0" value={settings().bands[band][0]} onChange={(e) => set('bands', { ...settings().bands, [band]: [Number(e.currentTarget.value), settings().bands[band][1]] })} />
                  </td>
                  <td>
                    <label class="sr-only" for={`${band}-hi`}>{band} high edge in Hz</label>
                    <input id={`${band}-hi`} type="number" step="0.5" min="0" value={settings().bands[band][1]} onChange={(e) => set('bands', { ...settings().bands, [band]: [settings().bands[band][0], Number(e.currentTarget.value)] })} />
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        <button onClick={() => set('bands', defaultSettings.bands)}>Reset bands</button>
      </div>
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
