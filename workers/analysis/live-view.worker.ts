// Live-view worker: reads one stream (the EEG) straight from the acquisition worker's ring, filters
// it for display and posts the filtered blocks to the page, and analyses the newest seconds every
// ANALYSIS_MS. The page only draws what arrives: no samples go page -> worker -> page, and the
// analysis keeps its pace whatever the page is doing.
/// <reference lib="webworker" />
import albiUrl from '../../dsp-wasm/build/albi.wasm?url';
import { loadAlbi, type Albi } from '../../dsp-wasm/src/index.ts';
import { framesToBlocks } from '../acquisition/frames-to-blocks.ts';
import { readerForEndpoint } from '../ring/endpoint-reader.ts';
import type { SampleReader } from '../ring/port-ring.ts';
import { DisplayFilter } from './display-filter.ts';
import { LiveViewAnalysis } from './live-view-analysis.ts';
import type { FromLiveView, LiveViewConfig, ToLiveView } from './live-view.protocol.ts';

/** Drain period (ms): short enough for a smooth trace at 60 fps, long enough to batch a few samples. */
const DRAIN_MS = 40;
const ANALYSIS_MS = 500;
/** The ring reader's queue for a port endpoint (s of samples). */
const QUEUE_SEC = 30;

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromLiveView, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

interface Attached {
  streamId: string;
  channelCount: number;
  sampleRateHz: number;
  reader: SampleReader;
  filter: DisplayFilter;
  analysis: LiveViewAnalysis;
  config: LiveViewConfig;
}

let albiLoad: Promise<Albi> | null = null;
let attached: Attached | null = null;
let lastAnalysisMs = 0;
let failing = false;
/** Off while no screen draws: the analysis goes on, the page gets no blocks it would drop. */
let displayOn = false;

function report(error: unknown): void {
  failing = true;
  post({ type: 'error', message: (error as Error)?.message ?? String(error) });
}

function drain(view: Attached): void {
  const frames = view.reader.drain();
  if (!frames.length) return;
  view.analysis.push(frames);
  if (!displayOn) return;
  for (const block of framesToBlocks(view.streamId, frames, view.channelCount)) {
    const channels = view.filter.filter(block.firstSample, block.channels);
    post(
      { type: 'display', streamId: view.streamId, firstSample: block.firstSample, channels },
      channels.map((c) => c.buffer as ArrayBuffer),
    );
  }
}

function analyse(view: Attached): void {
  const frame = view.analysis.analyse(view.config);
  if (!frame) return;
  post({ type: 'frame', streamId: view.streamId, frame });
  if (failing) {
    failing = false;
    post({ type: 'recovered' });
  }
}

setInterval(() => {
  const view = attached;
  if (!view) return;
  try {
    drain(view);
    const now = performance.now();
    if (now - lastAnalysisMs >= ANALYSIS_MS) {
      lastAnalysisMs = now;
      analyse(view);
    }
  } catch (error) {
    report(error);
  }
}, DRAIN_MS);

async function handle(message: ToLiveView): Promise<void> {
  switch (message.type) {
    case 'attach': {
      const albi = await (albiLoad ??= loadAlbi(albiUrl));
      const { stream, config } = message;
      const filter = new DisplayFilter(albi);
      filter.configure({ sampleRateHz: stream.sampleRateHz, notchHz: config.notchHz, bandHz: config.bandHz });
      attached = {
        streamId: stream.id,
        channelCount: stream.labels.length,
        sampleRateHz: stream.sampleRateHz,
        reader: readerForEndpoint(message.reader, Math.ceil(stream.sampleRateHz * QUEUE_SEC)),
        filter,
        analysis: new LiveViewAnalysis(albi, stream.labels, stream.sampleRateHz),
        config,
      };
      return;
    }
    case 'detach':
      attached = null;
      return;
    case 'display':
      displayOn = message.on;
      return;
    case 'configure':
      if (!attached) return;
      attached.config = message.config;
      attached.filter.configure({ sampleRateHz: attached.sampleRateHz, notchHz: message.config.notchHz, bandHz: message.config.bandHz });
      return;
    default:
      throw new Error(`unknown message type "${(message as { type: string }).type}"`);
  }
}

scope.onmessage = (event: MessageEvent<ToLiveView>) => {
  handle(event.data).catch((error) => {
    if (event.data?.type === 'attach') albiLoad = null; // a failed load is retried on the next attach
    report(error);
  });
};
