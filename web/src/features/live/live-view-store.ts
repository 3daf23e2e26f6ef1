// The Live screen's data as the page sees it. The live-view worker reads the connected source's EEG
// stream straight from the acquisition ring, filters it for display and analyses it; this module
// starts that worker once, hands it the stream (again whenever the source changes) and the settings,
// and keeps what the screens show. It belongs to no screen: the analysis and its band history go on
// while another screen is shown, and the Live screen finds them there when it comes back.
import { createEffect, createMemo, createRoot, createSignal, on } from 'solid-js';
import { addAnomalies, type AnomalyEvent } from './anomaly-events.ts';
import type { LiveAnalysisFrame } from '../../../../workers/analysis/live-view-analysis.ts';
import { createLiveViewWorker, type DisplayBlock, type LiveViewWorker } from '../../../../workers/analysis/live-view.main.ts';
import type { LiveViewConfig } from '../../../../workers/analysis/live-view.protocol.ts';
import { channelLabels } from '../../../../workers/protocol/streams.ts';
import { settings, type StudioSettings } from '../../app/settings.ts';
import { source } from '../../app/studio.ts';
import type { LiveSource } from '../devices/live-source.ts';

export const [liveFrame, setLiveFrame] = createSignal<LiveAnalysisFrame | null>(null);
export const [liveError, setLiveError] = createSignal<string | null>(null);
/** The anomaly feed: detections grouped into events (anomaly-events.ts), newest first. */
export const [liveAnomalies, setLiveAnomalies] = createSignal<AnomalyEvent[]>([]);

let worker: LiveViewWorker | undefined;
let attachedTo: LiveSource | null = null;
let closeEndpoint: (() => void) | undefined;

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
  closeEndpoint?.();
  closeEndpoint = undefined;
  attachedTo = src;
  setLiveFrame(null);
  setLiveAnomalies([]);
  setLiveError(null);
  if (!src) return worker.detach();
  const stream = liveStreamOf(src);
  const { endpoint, close } = src.openStreamEndpoint(stream.id);
  closeEndpoint = close;
  worker.attach({ id: stream.id, labels: channelLabels(stream), sampleRateHz: stream.sampleRateHz }, endpoint, configOf(settings()));
}

/** Starts the worker and follows the connected source and the settings; later calls do nothing. */
export function startLiveView(): void {
  if (worker) return;
  const view = createLiveViewWorker();
  worker = view;
  view.onFrame((frame) => {
    setLiveFrame(frame);
    if (frame.freshAnomalies.length) setLiveAnomalies((events) => addAnomalies(events, frame.freshAnomalies, frame.atMs));
  });
  view.onError(setLiveError);
  createRoot(() => {
    createEffect(on(source, attach));
    // Only a change of what the worker uses reconfigures it (a token refresh must not restart the filter).
    const config = createMemo(() => configOf(settings()), undefined, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) });
    createEffect(on(config, (c) => attachedTo && view.configure(c), { defer: true }));
  });
}

/** Display-filtered blocks of the live stream, for drawing; returns the unsubscribe. */
export function onDisplayBlock(listener: (block: DisplayBlock) => void): () => void {
  startLiveView();
  return worker!.onDisplay(listener);
}
