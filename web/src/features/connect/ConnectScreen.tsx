// Connect: what this browser can do first, then one click per device; the connection state is always
// visible and announced. Kept light: it is in the first-load bundle.
import { describeStream } from '../../../../workers/protocol/stream-words.ts';
import { For, Show, createSignal } from 'solid-js';
import { describeCapabilities, detectCapabilities } from '../../app/capabilities.ts';
import { navigate } from '../../app/router.ts';
import {
  addStrap,
  attachSource,
  companion,
  companionState,
  companionStreamWords,
  connection,
  detachSource,
  recorder,
  removeStrap,
  source,
} from '../../app/studio.ts';
import { announce } from '../../app/announcer.ts';
import {
  athenaPresetChoices,
  defaultAthenaPreset,
  defaultMusePreset,
  deviceChoices,
  musePresetChoices,
  type DeviceChoice,
} from '../devices/device-catalog.ts';
import { chosenChannelNames, MontageCard } from './MontageCard.tsx';

export function ConnectScreen() {
  const caps = detectCapabilities();
  const rows = describeCapabilities(caps);
  const [busy, setBusy] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [synthChannels, setSynthChannels] = createSignal(8);
  const [synthRate, setSynthRate] = createSignal(250);
  const [athenaPreset, setAthenaPreset] = createSignal(defaultAthenaPreset);
  const [musePreset, setMusePreset] = createSignal(defaultMusePreset);
  const [cytonBoard, setCytonBoard] = createSignal<'cyton' | 'cyton-daisy'>('cyton');
  // The device buttons are disabled while connecting, which drops keyboard focus to the page: it is
  // put on the new state's first action (or back on the button, when the connection failed).
  let openLive: HTMLButtonElement | undefined;

  const connect = async (choice: DeviceChoice, button: HTMLButtonElement) => {
    setError(null);
    setBusy(choice.kind);
    announce(`Connecting to ${choice.label}…`);
    try {
      await detachSource();
      const { connectDevice } = await import('../devices/connect-device.ts');
      // The Cyton button opens the board the set-up card names (with the Daisy: 16 channels at 125 Hz).
      const kind = choice.kind === 'cyton' ? cytonBoard() : choice.kind;
      attachSource(
        await connectDevice(
          kind,
          { channelCount: synthChannels(), sampleRateHz: synthRate() },
          { preset: musePreset(), athenaPreset: athenaPreset() },
          chosenChannelNames(kind) ?? undefined,
        ),
      );
      setBusy(null);
      openLive?.focus();
    } catch (e) {
      const message = (e as Error).message || String(e);
      setError(`${choice.label}: ${message}`);
      announce(`Could not connect to ${choice.label}: ${message}`, 'assertive');
      setBusy(null);
      button.focus();
    }
  };

  // A strap beside the headset: the same chooser as the strap device, its streams join this source.
  const addTheStrap = async (button: HTMLButtonElement) => {
    setError(null);
    setBusy('strap');
    announce('Connecting to a heart-rate strap…');
    try {
      await addStrap();
    } catch (e) {
      const message = (e as Error).message || String(e);
      setError(`Heart-rate strap: ${message}`);
      announce(`Could not add the heart-rate strap: ${message}`, 'assertive');
      button.focus();
    } finally {
      setBusy(null);
    }
  };

  const openFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setBusy('file');
    try {
      await detachSource();
      const { connectFilePlayback } = await import('../devices/connect-device.ts');
      attachSource(await connectFilePlayback(file));
      setBusy(null);
      openLive?.focus();
    } catch (e) {
      setError(`${file.name}: ${(e as Error).message}`);
      announce(`Could not open ${file.name}: ${(e as Error).message}`, 'assertive');
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="connect-title">
      <h2 id="connect-title">Connect</h2>
      <Show when={!caps.webBluetooth}>
        <div class="alert" role="note" data-testid="no-bluetooth">
          <strong>This browser has no Web Bluetooth</strong> (Safari and Firefox do not offer it), so Muse and Ganglion cannot connect here. You can
          still <strong>import a file</strong>, <strong>play back a session</strong> and use the <strong>synthetic headset</strong> and brainwave
          audio.
        </div>
      </Show>
      <div class="card" aria-live="polite" data-testid="connect-state">
        <Show
          when={source()}
          fallback={
            <p>
              <Show when={busy()} fallback="No device connected.">
                <span class="spinner" aria-hidden="true" /> Connecting…
              </Show>
            </p>
          }
        >
          {(s) => (
            <div class="row">
              <p>
                <strong>{s().name}</strong> — {connection().state}
                {connection().detail ? ` (${connection().detail})` : ''}. {s().streams.map(describeStream).join('; ')}
              </p>
              <button type="button" class="primary" ref={openLive} onClick={() => navigate('/live')}>
                Open Live view
              </button>
              <button type="button" onClick={() => void detachSource()}>
                Disconnect
              </button>
              <Show when={s().simulateDisconnect}>
                {(drop) => (
                  <button type="button" onClick={() => drop()(2000)} data-testid="simulate-drop">
                    Drop the link for 2 s (test)
                  </button>
                )}
              </Show>
              <Show when={s().addCompanion && !companion()}>
                <button
                  type="button"
                  data-testid="add-strap"
                  disabled={!caps.webBluetooth || !!busy() || !!recorder()}
                  aria-describedby="add-strap-note"
                  onClick={(e) => void addTheStrap(e.currentTarget)}
                >
                  Add a heart-rate strap
                </button>
                <span id="add-strap-note" class="muted">
                  {!caps.webBluetooth
                    ? 'Needs Web Bluetooth.'
                    : recorder()
                      ? 'Stop the recording first: a session keeps the streams it started with.'
                      : 'Recorded with the headset, in the same session.'}
                </span>
              </Show>
            </div>
          )}
        </Show>
      </div>
      <Show when={companion()}>
        {(strap) => (
          <div class="card row" data-testid="companion-state">
            <p>
              <strong>{strap().name}</strong> with {source()?.name} — {companionState()}. {companionStreamWords(strap())}
            </p>
            <button type="button" onClick={() => void removeStrap()}>
              Remove strap
            </button>
          </div>
        )}
      </Show>
      <Show when={error()}>
        <div class="alert error" role="alert" data-testid="connect-error">
          {error()}
        </div>
      </Show>
      <h3>Choose a source</h3>
      <div class="grid">
        <For each={deviceChoices}>
          {(choice) => {
            const available = choice.needs === null || caps[choice.needs];
            return (
              <button
                type="button"
                class="device"
                disabled={!available || !!busy()}
                onClick={(e) => void connect(choice, e.currentTarget)}
                data-device={choice.kind}
                aria-describedby={`desc-${choice.kind}`}
              >
                <strong>{choice.label}</strong>
                <span id={`desc-${choice.kind}`} class="muted">
                  {available ? choice.description : `Unavailable here: ${rows.find((r) => r.key === choice.needs)?.missingNote}`}
                </span>
              </button>
            );
          }}
        </For>
        <div class="card">
          <h4 style={{ margin: '0 0 4px' }}>Synthetic headset set-up</h4>
          <div class="row">
            <label for="synth-channels">Channels</label>
            <select id="synth-channels" value={synthChannels()} onChange={(e) => setSynthChannels(Number(e.currentTarget.value))}>
              <For each={[4, 8, 16]}>{(n) => <option value={n}>{n}</option>}</For>
            </select>
            <label for="synth-rate">Rate</label>
            <select id="synth-rate" value={synthRate()} onChange={(e) => setSynthRate(Number(e.currentTarget.value))}>
              <For each={[250, 500, 1000]}>{(n) => <option value={n}>{n} Hz</option>}</For>
            </select>
          </div>
        </div>
        <div class="card">
          <h4 style={{ margin: '0 0 4px' }}>Muse 2 / Muse S set-up</h4>
          <div class="row">
            <label for="muse-preset">Preset</label>
            <select id="muse-preset" value={musePreset()} onChange={(e) => setMusePreset(e.currentTarget.value as typeof defaultMusePreset)}>
              <For each={musePresetChoices}>{(p) => <option value={p.id}>{p.label}</option>}</For>
            </select>
          </div>
          <p class="muted">EEG at 256 Hz, motion at 52 Hz, PPG at 64 Hz (the heart rate on Live). A Muse 2016 has no PPG.</p>
        </div>
        <div class="card">
          <h4 style={{ margin: '0 0 4px' }}>Muse S Athena set-up</h4>
          <div class="row">
            <label for="athena-preset">Preset</label>
            <select id="athena-preset" value={athenaPreset()} onChange={(e) => setAthenaPreset(e.currentTarget.value as typeof defaultAthenaPreset)}>
              <For each={athenaPresetChoices}>{(p) => <option value={p.id}>{p.label}</option>}</For>
            </select>
          </div>
          <p class="muted">EEG at 256 Hz, optics (PPG) at 64 Hz, motion at 52 Hz. A Muse 2 or Muse S gen 1 ignores this.</p>
        </div>
        <div class="card">
          <h4 style={{ margin: '0 0 4px' }}>OpenBCI Cyton set-up</h4>
          <div class="row">
            <label for="cyton-board">Board</label>
            <select id="cyton-board" value={cytonBoard()} onChange={(e) => setCytonBoard(e.currentTarget.value as 'cyton' | 'cyton-daisy')}>
              <option value="cyton">Cyton: 8 channels at 250 Hz</option>
              <option value="cyton-daisy">Cyton + Daisy: 16 channels at 125 Hz</option>
            </select>
          </div>
          <p class="muted">With the Daisy module the board sends 16 channels at half the rate.</p>
          {cytonBoard() === 'cyton' ? <MontageCard kind="cyton" id="cyton-montage" /> : <MontageCard kind="cyton-daisy" id="cyton-daisy-montage" />}
        </div>
        <div class="card">
          <h4 style={{ margin: '0 0 4px' }}>OpenBCI Ganglion set-up</h4>
          <MontageCard kind="ganglion" id="ganglion-montage" />
        </div>
        <div class="card">
          <label for="file-open">Play back a file</label>
          <p class="muted">EDF/EDF+/BDF, OpenBCI GUI, Muse (muse-lsl, Mind Monitor) or BrainFlow CSV.</p>
          <input id="file-open" type="file" disabled={!!busy()} onChange={(e) => void openFile(e.currentTarget.files?.[0])} />
        </div>
      </div>
      <h3>This browser</h3>
      <ul class="card" data-testid="capabilities">
        <For each={rows}>
          {(row) => (
            <li>
              <span class={row.ok ? 'ok-text' : 'warn-text'} aria-hidden="true">
                {row.ok ? '✓' : '✗'}
              </span>{' '}
              {row.label}: {row.ok ? 'available' : row.missingNote}
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
