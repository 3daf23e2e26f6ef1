// Live: scrolling signals per channel, heart rate and head motion where the device streams them,
// spectrum, band powers over time, spectrogram, per-electrode quality, anomalies and insights; record with markers (button or the M key). A `?session=<id>`
// replays a stored session through the same views.
import { Show, createEffect, createMemo, createSignal, onCleanup, on } from 'solid-js';
import 'uplot/dist/uPlot.min.css';
import { announce } from '../../app/announcer.ts';
import { currentLocation, navigate } from '../../app/router.ts';
import { settings, updateSettings } from '../../app/settings.ts';
import {
  attachSource,
  connection,
  detachSource,
  recorder,
  recorderStatus,
  source,
  startRecording,
  stopRecording,
  studioDb,
} from '../../app/studio.ts';
import { getSession } from '../../../../workers/storage/session-store.ts';
import { createReplaySource } from '../sessions/replay-source.ts';
import ReplayPlayer from '../sessions/ReplayPlayer.tsx';
import { LiveBuffer } from './live-buffer.ts';
import { TimeSeriesPlots } from './TimeSeriesPlots.tsx';
import { AnalysisPanels } from './AnalysisPanels.tsx';
import { BodySignals } from './BodySignals.tsx';
import { useMarkerKey } from './marker-key.ts';
import {
  liveMarkers,
  liveStreamOf,
  onDisplayBlock,
  placeLiveMarker,
  recordingMarkerCount as markers,
  setRecordingMarkerCount as setMarkers,
} from './live-view-store.ts';
import { timeSeriesCaption } from './plot-captions.ts';
import { LOSS_WARNING_FRACTION, streamLoss } from '../../../../workers/storage/session-loss.ts';
import { channelLabels } from '../../../../workers/protocol/streams.ts';

export default function LiveScreen() {
  const [replayError, setReplayError] = createSignal<string | null>(null);
  const [elapsed, setElapsed] = createSignal(0);
  const [disconnectQuestion, setDisconnectQuestion] = createSignal<{ name: string; answer: (yes: boolean) => void } | null>(null);
  const askToDisconnect = (name: string) =>
    new Promise<boolean>((resolve) => setDisconnectQuestion({ name, answer: (yes) => (setDisconnectQuestion(null), resolve(yes)) }));

  // Replay a stored session when asked by the URL.
  createEffect(
    on(
      () => currentLocation().search.get('session'),
      async (id) => {
        if (!id) return;
        if (recorder()) {
          setReplayError('Cannot replay while recording: stop the recording first.');
          return;
        }
        const current = source();
        // A connected headset is not dropped for a replay without asking.
        if (current?.kind === 'device' && !(await askToDisconnect(current.name))) {
          navigate('/live');
          return;
        }
        try {
          const db = await studioDb();
          const session = await getSession(db, id);
          if (!session) throw new Error('this session is not stored in this browser');
          await detachSource();
          attachSource(await createReplaySource(db, session));
        } catch (e) {
          setReplayError(`Cannot replay: ${(e as Error).message}`);
        }
      },
    ),
  );

  const eeg = createMemo(() => {
    const src = source();
    return src ? liveStreamOf(src) : undefined;
  });
  const windowSec = createMemo(() => settings().windowSec);
  // A new buffer per source: a replay that seeks back is a new source on the same stream.
  const buffer = createMemo(() => {
    source();
    const stream = eeg();
    return stream ? new LiveBuffer(stream.channels.length, stream.sampleRateHz, windowSec()) : null;
  });
  // The live-view worker reads the stream from the acquisition ring and posts display-filtered blocks
  // here; the page only draws them (raw samples are what is recorded and analysed).
  createEffect(() => {
    const buf = buffer();
    const stream = eeg();
    if (!buf || !stream) return;
    const unsubscribe = onDisplayBlock((block) => {
      if (block.streamId === stream.id) buf.write(block.firstSample, block.channels);
    });
    onCleanup(unsubscribe);
  });

  /** The drawn stream's gaps as the source knows them (also those from while another screen was shown). */
  const streamGaps = () => {
    const src = source();
    const id = eeg()?.id;
    return src?.gaps ? () => src.gaps!().filter((g) => g.streamId === id) : undefined;
  };

  const [receivedTick, setReceivedTick] = createSignal(1);
  const [lost, setLost] = createSignal(0);
  const timer = setInterval(() => {
    setReceivedTick((n) => n + 1);
    const stream = eeg();
    setLost(stream ? (source()?.lostSamples()[stream.id] ?? 0) : 0);
    const rec = recorder();
    setElapsed(rec ? Math.floor((Date.now() - rec.session.startedAtMs) / 1000) : 0);
  }, 250);
  onCleanup(() => clearInterval(timer));

  // Samples the recording lacks so far on the drawn stream: its span on disk minus what it kept.
  const recordingLoss = () => {
    const status = recorderStatus();
    const stream = eeg();
    if (!status || !stream) return null;
    const loss = streamLoss(stream.id, status.durableSamples[stream.id] ?? 0, status.durableEndSample[stream.id] ?? 0, stream.sampleRateHz);
    return loss.missingSamples > 0 ? loss : null;
  };

  const toggleRecording = async () => {
    if (recorder()) await stopRecording();
    else {
      setMarkers(0);
      await startRecording();
    }
  };
  /** `pressedAtMs`: performance.now()-based time of the press (the event's timeStamp). */
  const addMarker = async (sourceName: 'button' | 'key', pressedAtMs: number) => {
    const rec = recorder();
    if (!rec) {
      announce('Markers are added while recording.');
      return;
    }
    const n = markers() + 1;
    setMarkers(n);
    const marker = await rec.addMarker(`Marker ${n}`, sourceName, performance.timeOrigin + pressedAtMs);
    placeLiveMarker(marker, rec.session);
    announce(`Marker ${n} at ${(marker.atMs / 1000).toFixed(1)} s.`);
  };
  useMarkerKey((event) => void addMarker('key', event.timeStamp));

  return (
    <section aria-labelledby="live-title">
      <h2 id="live-title">Live</h2>
      <Show when={disconnectQuestion()}>
        {(q) => (
          <div class="alert" role="alertdialog" aria-labelledby="replay-q" data-testid="replay-question">
            <p id="replay-q">Replaying a session disconnects {q().name}. Disconnect it and replay?</p>
            <button type="button" onClick={() => q().answer(true)}>
              Disconnect and replay
            </button>
            <button type="button" class="primary" onClick={() => q().answer(false)} ref={(b) => queueMicrotask(() => b.focus())}>
              Keep {q().name} connected
            </button>
          </div>
        )}
      </Show>
      <Show when={replayError()}>
        <div class="alert error" role="alert">
          {replayError()}
        </div>
      </Show>
      <Show
        when={source() && buffer() && eeg()}
        fallback={
          <div class="card" data-testid="live-empty">
            <p>No signal yet. Connect a device, or replay a session from the library.</p>
            <div class="row">
              <button type="button" class="primary" onClick={() => navigate('/connect')}>
                Connect a device
              </button>
              <button type="button" onClick={() => navigate('/sessions')}>
                Open the library
              </button>
            </div>
          </div>
        }
      >
        <div class="live-controls row card" role="toolbar" aria-label="Recording">
          <span data-testid="live-source">
            <strong>{source()!.name}</strong> · {connection().state} · {eeg()!.channels.length} ch @ {eeg()!.sampleRateHz} Hz
          </span>
          <Show when={lost() > 0}>
            <span class="warn-text" data-testid="lost-samples" title="Samples the device sent that never arrived; they are gaps, never filled in">
              {lost()} samples lost ({(lost() / eeg()!.sampleRateHz).toFixed(2)} s)
            </span>
          </Show>
          <Show when={source()!.kind === 'device'}>
            <button
              type="button"
              class={recorder() ? 'danger' : 'primary'}
              onClick={() => void toggleRecording()}
              data-testid="record-button"
              aria-pressed={!!recorder()}
              disabled={!source()?.startRecording}
              title={source()?.startRecording ? undefined : 'A replay is stored already'}
            >
              {recorder() ? 'Stop recording' : 'Record'}
            </button>
          </Show>
          <button
            type="button"
            onClick={(event) => void addMarker('button', event.timeStamp)}
            disabled={!recorder()}
            title="Shortcut: M"
            aria-keyshortcuts="M"
            data-testid="marker-button"
          >
            Add marker (M)
          </button>
          <Show when={recorder()}>
            <span role="timer" aria-live="off" data-testid="rec-elapsed">
              ● {Math.floor(elapsed() / 60)}:{String(elapsed() % 60).padStart(2, '0')}
            </span>
            <span
              class="muted"
              data-testid="rec-saved"
              data-durable-samples={recorderStatus()?.durableSamples[eeg()!.id] ?? 0}
              data-received-samples={receivedTick() && recorder()?.status.receivedSamples[eeg()!.id]}
            >
              saved {Math.floor((recorderStatus()?.durableSamples[eeg()!.id] ?? 0) / eeg()!.sampleRateHz)} s · {markers()} marker
              {markers() === 1 ? '' : 's'}
            </span>
            <Show when={recordingLoss()}>
              {(loss) => (
                <span
                  class={loss().missingFraction > LOSS_WARNING_FRACTION ? 'warn-text' : 'muted'}
                  role={loss().missingFraction > LOSS_WARNING_FRACTION ? 'alert' : undefined}
                  data-testid="rec-lost"
                  data-missing-samples={loss().missingSamples}
                >
                  lost {loss().missingSamples.toLocaleString('en')} samples ({(loss().missingFraction * 100).toFixed(1)} %)
                </span>
              )}
            </Show>
          </Show>
          <label style={{ display: 'inline-flex', gap: '4px', 'font-weight': 'normal', margin: 0 }}>
            <input type="checkbox" checked={settings().notchEnabled} onChange={(e) => updateSettings({ notchEnabled: e.currentTarget.checked })} />{' '}
            Notch {settings().mainsHz} Hz
          </label>
          <label style={{ display: 'inline-flex', gap: '4px', 'font-weight': 'normal', margin: 0 }}>
            <input
              type="checkbox"
              checked={settings().bandpassEnabled}
              onChange={(e) => updateSettings({ bandpassEnabled: e.currentTarget.checked })}
            />{' '}
            Band-pass
          </label>
          <Show when={source()!.kind === 'replay'}>
            <button type="button" onClick={() => void detachSource()}>
              Stop replay
            </button>
          </Show>
        </div>
        <Show when={source()?.replay}>{(replay) => <ReplayPlayer replay={replay()} />}</Show>
        <div class="card plot-panel">
          <h3>Signals</h3>
          <Show when={buffer()} keyed>
            {(buf) => (
              <TimeSeriesPlots
                buffer={buf}
                labels={channelLabels(eeg()!)}
                caption={timeSeriesCaption(settings(), eeg()!.sampleRateHz)}
                markers={liveMarkers}
                gaps={streamGaps()}
              />
            )}
          </Show>
        </div>
        <BodySignals hasPpg={!!source()?.streams.some((s) => s.kind === 'ppg')} />
        <AnalysisPanels labels={channelLabels(eeg()!)} unit={eeg()!.channels[0].unit} />
      </Show>
    </section>
  );
}
