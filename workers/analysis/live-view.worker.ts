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
import type { FromLiveView, LiveViewConfig, SideStreamRole, ToLiveView } from './live-view.protocol.ts';
import { MotionArtifacts } from './motion-artifacts.ts';
import { accelMagnitudeBlocks } from './motion-magnitude.ts';
import { PpgMonitor } from './ppg-monitor.ts';

/** Drain period (ms): short enough for a smooth trace at 60 fps, long enough to batch a few samples. */
const DRAIN_MS = 40;
const ANALYSIS_MS = 500;
/** Heart-rate period (ms): a beat or so, as a pulse oximeter updates. */
const HEART_MS = 1000;
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

/** A stream read beside the EEG: the optical one for the heart rate, the accelerometer for the motion plot and the movement artifacts, the gyroscope for its plot. */
interface Side {
  streamId: string;
  channelCount: number;
  sampleRateHz: number;
  reader: SampleReader;
  ppg: PpgMonitor | null;
  /** The accelerometer's movements, marked as artifacts of the analysis. */
  movement: MotionArtifacts | null;
}

let albiLoad: Promise<Albi> | null = null;
let attached: Attached | null = null;
const sides = new Map<SideStreamRole, Side>();
let lastAnalysisMs = 0;
let lastHeartMs = 0;
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

/** Drains the side streams; motion goes to the page while it draws, PPG into the heart-rate window. */
function drainSides(now: number): void {
  for (const [role, sensor] of [
    ['motion', 'accel'],
    ['gyro', 'gyro'],
  ] as const) {
    const motion = sides.get(role);
    if (!motion) continue;
    const frames = motion.reader.drain();
    for (const span of motion.movement?.push(frames) ?? []) post({ type: 'movement', streamId: motion.streamId, span });
    if (frames.length && displayOn) {
      // The same √(x² + y² + z²) for both: g for the accelerometer, deg/s (0 at rest) for the gyroscope.
      const blocks = accelMagnitudeBlocks(frames, motion.channelCount);
      post(
        { type: 'motion', sensor, streamId: motion.streamId, sampleRateHz: motion.sampleRateHz, blocks },
        blocks.map((b) => b.magnitudeG.buffer as ArrayBuffer),
      );
    }
  }
  const ppg = sides.get('ppg');
  if (ppg?.ppg) {
    ppg.ppg.push(ppg.reader.drain());
    if (now - lastHeartMs >= HEART_MS) {
      lastHeartMs = now;
      const frame = ppg.ppg.estimate();
      if (frame) post({ type: 'heart', streamId: ppg.streamId, frame });
    }
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
    drainSides(now);
  } catch (error) {
    report(error);
  }
}, DRAIN_MS);

async function handle(message: ToLiveView): Promise<void> {
  switch (message.type) {
    case 'attach': {
      // Cleared before the wait: the side streams of this attach arrive while the kernels load.
      sides.clear();
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
    case 'attach-side': {
      const { stream, role } = message;
      sides.set(role, {
        streamId: stream.id,
        channelCount: stream.labels.length,
        sampleRateHz: stream.sampleRateHz,
        reader: readerForEndpoint(message.reader, Math.ceil(stream.sampleRateHz * QUEUE_SEC)),
        ppg: role === 'ppg' ? new PpgMonitor(stream.labels, stream.sampleRateHz) : null,
        movement: role === 'motion' ? new MotionArtifacts(stream.labels.length, stream.sampleRateHz) : null,
      });
      return;
    }
    case 'detach':
      attached = null;
      sides.clear();
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
