// The Live screen's data as the page sees it. The live-view worker reads the connected source's EEG
// stream straight from the acquisition ring, filters it for display and analyses it; this module
// starts that worker once, hands it the stream (again whenever the source changes) and the settings,
// and keeps what the screens show. It belongs to no screen: the analysis and its band history go on
// while another screen is shown, and the Live screen finds them there when it comes back.
import { createEffect, createMemo, createRoot, createSignal, on, onCleanup } from 'solid-js';
import { addAnomalies, type AnomalyEvent } from './anomaly-events.ts';
import type { LiveAnalysisFrame } from '../../../../workers/analysis/live-view-analysis.ts';
import { createLiveViewWorker, type DisplayBlock, type LiveViewWorker } from '../../../../workers/analysis/live-view.main.ts';
import type { LiveViewConfig } from '../../../../workers/analysis/live-view.protocol.ts';
import { channelLabels } from '../../../../workers/protocol/streams.ts';
import { settings, type StudioSettings } from '../../app/settings.ts';
import { companion, source } from '../../app/studio.ts';
import { RrWindow, type StrapHrv } from './strap-hrv.ts';
import type { LiveSource } from '../devices/live-source.ts';
import type { StoredMarker } from '../../../../workers/storage/types.ts';
import { sampleAtHostTime, type TimeAnchor, type TimelineMarker } from './timeline-marks.ts';
import { InsightTracker } from './insight-tracker.ts';
import type { HeartRateFrame } from '../../../../workers/analysis/ppg-monitor.ts';
import { MotionSeries } from './motion-series.ts';
import { addMovement } from './movement-feed.ts';
import type { MovementSpan } from '../../../../workers/analysis/motion-artifacts.ts';

export const [liveFrame, setLiveFrame] = createSignal<LiveAnalysisFrame | null>(null);
export const [liveError, setLiveError] = createSignal<string | null>(null);
/** The anomaly feed: detections grouped into events (anomaly-events.ts), newest first. */
export const [liveAnomalies, setLiveAnomalies] = createSignal<AnomalyEvent[]>([]);
/** Markers added on Live to the running recording (they are named "Marker <n>"); kept while another screen is shown. */
export const [recordingMarkerCount, setRecordingMarkerCount] = createSignal(0);
/** Markers on the live stream's timeline (its sample indices), oldest first; cleared with a new source. */
export const [liveMarkers, setLiveMarkers] = createSignal<readonly TimelineMarker[]>([]);
/** The heart rate of the source's optical (PPG) stream, if it has one; null until the first result. */
export const [liveHeart, setLiveHeart] = createSignal<HeartRateFrame | null>(null);
/** The last seconds of accelerometer magnitude, if the source has an accelerometer; `motionTick` counts its updates. */
export const [liveMotion, setLiveMotion] = createSignal<MotionSeries | null>(null);
export const [motionTick, setMotionTick] = createSignal(0);
/** The last seconds of gyroscope magnitude (deg/s), if the source has a gyroscope (Muse, Athena); updates count in `motionTick` too. */
export const [liveGyro, setLiveGyro] = createSignal<MotionSeries | null>(null);
/** Movements the accelerometer showed (EEG from then is not trusted), newest first; cleared with a new source. */
export const [liveMovements, setLiveMovements] = createSignal<MovementSpan[]>([]);
/** RMSSD and SDNN of the last minute of the heart-rate strap's RR intervals (strap-hrv.ts); null without a strap. */
export const [strapHrv, setStrapHrv] = createSignal<StrapHrv | null>(null);
/** The insights' memory of this source: its first minute, its trend, its electrodes' quality. */
let insights = new InsightTracker();
export const liveInsights = (): InsightTracker => insights;

/**
 * One sample of the live stream with its fitted host time: the newest sample of the display blocks
 * posted just before an analysis frame, whose atMs is that very sample's time (the worker drains,
 * posts the blocks, then analyses, in one tick). It maps a recording's markers onto the stream.
 */
let anchor: TimeAnchor | null = null;
let displayedEnd = -1;
let displayedSinceFrame = false;
/** Per recorded session: the stream sample that is the recording's sample 0. */
const recordingStart = new Map<string, number>();

let worker: LiveViewWorker | undefined;
let attachedTo: LiveSource | null = null;
let closeEndpoints: (() => void)[] = [];
let streamRateHz = 0;

/** The stream the Live screen draws and analyses: the first EEG stream (the first stream if none says EEG). */
export function liveStreamOf(src: LiveSource) {
  return src.streams.find((s) => s.kind === 'eeg') ?? src.streams[0];
}

function configOf(s: StudioSettings): LiveViewConfig {
  return {
    bands: s.bands,
    mainsHz: s.mainsHz,
    notchHz: s.notchEnabled ? s.mainsHz : null,
    bandHz: s.bandpassEnabled ? [s.bandpassLowHz, s.bandpassHighHz] : null,
  };
}

function attach(src: LiveSource | null): void {
  if (!worker || src === attachedTo) return;
  for (const close of closeEndpoints) close();
  closeEndpoints = [];
  attachedTo = src;
  setLiveFrame(null);
  setLiveHeart(null);
  setLiveMotion(null);
  setLiveGyro(null);
  setLiveAnomalies([]);
  setLiveMovements([]);
  setLiveError(null);
  setLiveMarkers(src?.markers?.() ?? []);
  insights = new InsightTracker();
  anchor = null;
  displayedEnd = -1;
  recordingStart.clear();
  if (!src) return worker.detach();
  const stream = liveStreamOf(src);
  streamRateHz = stream.sampleRateHz;
  const { endpoint, close } = src.openStreamEndpoint(stream.id);
  closeEndpoints.push(close);
  worker.attach({ id: stream.id, labels: channelLabels(stream), sampleRateHz: stream.sampleRateHz }, endpoint, configOf(settings()));
  // Beside the EEG: the optical stream for the heart rate, the accelerometer and the gyroscope for the motion plots.
  for (const [role, kind] of [
    ['ppg', 'ppg'],
    ['motion', 'accel'],
    ['gyro', 'gyro'],
  ] as const) {
    const side = src.streams.find((s) => s.kind === kind);
    if (!side) continue;
    const opened = src.openStreamEndpoint(side.id);
    closeEndpoints.push(opened.close);
    worker.attachSide(role, { id: side.id, labels: channelLabels(side), sampleRateHz: side.sampleRateHz }, opened.endpoint);
    if (role === 'motion') setLiveMotion(new MotionSeries(side.sampleRateHz));
    if (role === 'gyro') setLiveGyro(new MotionSeries(side.sampleRateHz));
  }
}

/** Starts the worker and follows the connected source and the settings; later calls do nothing. */
export function startLiveView(): void {
  if (worker) return;
  const view = createLiveViewWorker();
  worker = view;
  view.onFrame((frame) => {
    if (displayedSinceFrame && displayedEnd > 0 && Number.isFinite(frame.atMs))
      anchor = { sample: displayedEnd - 1, hostMs: frame.atMs, rateHz: streamRateHz };
    displayedSinceFrame = false;
    insights.add(frame.atMs, frame.result);
    setLiveFrame(frame);
    if (frame.freshAnomalies.length) setLiveAnomalies((events) => addAnomalies(events, frame.freshAnomalies, frame.atMs));
  });
  view.onError(setLiveError);
  view.onHeart((frame) => setLiveHeart(frame));
  view.onMovement((span) => setLiveMovements((feed) => addMovement(feed, span)));
  view.onMotion((blocks, _rateHz, _streamId, sensor) => {
    const series = sensor === 'gyro' ? liveGyro() : liveMotion();
    if (!series) return;
    series.push(blocks);
    setMotionTick((n) => n + 1);
  });
  createRoot(() => {
    createEffect(on(source, attach));
    // A strap's RR intervals, whichever screen is shown, so the minute is full when Live opens.
    createEffect(
      on(companion, (strap) => {
        setStrapHrv(null);
        if (!strap) return;
        const rr = new RrWindow();
        const stop = strap.onReading((r) => {
          if (r.streamId !== 'rr' || r.values[0] === undefined) return;
          rr.push(r.hostTimeMs, r.values[0]);
          setStrapHrv(rr.hrv());
        });
        onCleanup(stop);
      }),
    );
    // Only a change of what the worker uses reconfigures it (a token refresh must not restart the filter).
    const config = createMemo(() => configOf(settings()), undefined, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) });
    createEffect(on(config, (c) => attachedTo && view.configure(c), { defer: true }));
  });
}

/** Display-filtered blocks of the live stream, for drawing; returns the unsubscribe. */
export function onDisplayBlock(listener: (block: DisplayBlock) => void): () => void {
  startLiveView();
  return worker!.onDisplay((block) => {
    displayedEnd = Math.max(displayedEnd, block.firstSample + (block.channels[0]?.length ?? 0));
    displayedSinceFrame = true;
    listener(block);
  });
}

/**
 * Draws a marker of the running recording on the live stream: its sample in the recording plus the
 * stream sample the recording started at, found once per session from its start time
 * (`startedAtMs`, the fitted host time of its sample 0) and the anchor. False when nothing was drawn
 * yet to place it by.
 */
export function placeLiveMarker(marker: StoredMarker, session: { id: string; startedAtMs: number }): boolean {
  let start = recordingStart.get(session.id);
  if (start === undefined) {
    if (!anchor) return false;
    start = sampleAtHostTime(anchor, session.startedAtMs);
    recordingStart.set(session.id, start);
  }
  const sample = start + (marker.sample ?? Math.round((marker.atMs * streamRateHz) / 1000));
  setLiveMarkers((markers) => [...markers, { sample, text: marker.text }]);
  return true;
}
