// The analysis half of the Live screen: spectrum, band powers over time, spectrogram, electrode
// quality on a head picture, anomaly feed and insights. Results come from the live-view worker
// (live-view-store.ts); this component only draws them.
import { For, Show } from 'solid-js';
import { liveAnomalies, liveError, liveFrame, liveInsights, liveMovements } from './live-view-store.ts';
import { movementWords } from './movement-feed.ts';
import { eventWords } from './anomaly-events.ts';
import { SpectrumPlot } from './SpectrumPlot.tsx';
import { BandHistoryPlot } from './BandHistoryPlot.tsx';
import { SpectrogramCanvas } from './SpectrogramCanvas.tsx';
import { HeadQuality } from './HeadQuality.tsx';
import { describeInsights } from './insights.ts';
import { analysisCaption } from './plot-captions.ts';
import { settings } from '../../app/settings.ts';

const analysis = { frame: liveFrame, error: liveError, anomalies: liveAnomalies, history: () => liveFrame()?.history };

export function AnalysisPanels(props: { labels: string[]; unit: string }) {
  const unit = () => (props.unit === 'uV' ? 'µV' : props.unit);
  return (
    <>
      <Show when={analysis.error()}>
        <div class="alert error" role="alert">
          Analysis stopped: {analysis.error()}
        </div>
      </Show>
      <div class="grid-2">
        <section class="card plot-panel" aria-labelledby="spectrum-h">
          <h3 id="spectrum-h">Spectrum</h3>
          <Show
            when={analysis.frame()}
            fallback={
              <p class="muted" role="status">
                Waiting for 2 s of signal…
              </p>
            }
          >
            <SpectrumPlot
              frame={analysis.frame}
              labels={props.labels}
              caption={analysisCaption(settings(), 'Welch PSD per channel (2 s Hann segments)')}
            />
          </Show>
        </section>
        <section class="card plot-panel" aria-labelledby="bands-h">
          <h3 id="bands-h">Band powers over time</h3>
          <Show
            when={analysis.frame()}
            fallback={
              <p class="muted" role="status">
                Waiting for 2 s of signal…
              </p>
            }
          >
            <BandHistoryPlot history={analysis.history} />
            <p class="muted plot-caption">{analysisCaption(settings(), 'relative power per band, mean of the channels')}</p>
          </Show>
        </section>
        <section class="card plot-panel" aria-labelledby="spectrogram-h">
          <h3 id="spectrogram-h">
            Spectrogram <span class="muted">(mean of channels, 0–60 Hz)</span>
          </h3>
          <SpectrogramCanvas frame={analysis.frame} unit={unit()} caption={analysisCaption(settings(), 'mean Welch PSD of the channels')} />
        </section>
        <section class="card" aria-labelledby="quality-h">
          <h3 id="quality-h">Signal quality</h3>
          <HeadQuality labels={props.labels} frame={analysis.frame} caption={analysisCaption(settings(), 'quality per electrode')} />
        </section>
        <section class="card" aria-labelledby="anomalies-h">
          <h3 id="anomalies-h">Anomalies</h3>
          <Show when={liveMovements().length}>
            <ol class="feed" data-testid="movement-feed">
              <For each={liveMovements()}>
                {(m) => (
                  <li data-kind="movement" data-start-ms={m.startMs} data-peak-g={m.peakRangeG.toFixed(3)}>
                    {movementWords(m)}
                  </li>
                )}
              </For>
            </ol>
          </Show>
          <Show
            when={analysis.anomalies().length}
            fallback={
              <Show when={!liveMovements().length}>
                <p class="muted">None so far.</p>
              </Show>
            }
          >
            <ol class="feed" data-testid="anomaly-feed">
              <For each={analysis.anomalies()}>
                {(e) => (
                  <li data-kind={e.kind} data-count={e.count}>
                    <time>{new Date(e.lastAtMs).toLocaleTimeString()}</time> · {eventWords(e)}
                  </li>
                )}
              </For>
            </ol>
          </Show>
        </section>
        <section class="card" aria-labelledby="insights-h">
          <h3 id="insights-h">Insights</h3>
          <Show when={analysis.frame()} fallback={<p class="muted">Insights appear after a few seconds of signal.</p>}>
            <ul data-testid="insights">
              <For each={describeInsights(analysis.frame()!.result, liveInsights())}>{(line) => <li>{line}</li>}</For>
            </ul>
          </Show>
        </section>
      </div>
    </>
  );
}
