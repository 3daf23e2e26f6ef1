// What the loop does to the sound that leaves the JONA node, measured on the page (where the audio clock
// is): the loop latency to the rendered audio (rendered-latency.ts), a same-run baseline of the bare
// output path (probe events posted straight to the worklet), and, for the loop's browser test, the beat
// measured on the rendered audio by a recording tap behind the node (beat-tap.ts, fed by the
// audio-tap worklet). The audio engine
// hands the playing node over in play() and takes it back in stop().
import type { JonaNode } from '../../../../workers/audio/jona.main.ts';
import tapWorkletUrl from '../../../../workers/audio/audio-tap.worklet.ts?worker&url';
import { makeBeatTracker, type BeatPoint } from './beat-tap.ts';
import { frameOutputHostMs, makeRenderedLatencyMeter, PROBE_TAG_BASE, type LatencyFigures } from './rendered-latency.ts';

/**
 * How often the shared stats table is read for a newly applied tag (ms). Each reading measures from the
 * frame the worklet recorded, so the poll's own delay is not in the figure; a tag overwritten before it
 * is read is not counted (loop updates come every 500 ms).
 */
const LATENCY_POLL_MS = 20;

const meter = makeRenderedLatencyMeter();
let playing: { context: AudioContext; jona: JonaNode; levels: () => number[] } | null = null;
let timer: ReturnType<typeof setInterval> | undefined;
let probeTag = PROBE_TAG_BASE;
let tap: { node: AudioWorkletNode; tracker: ReturnType<typeof makeBeatTracker> } | null = null;
const tapLoaded = new WeakSet<BaseAudioContext>();
/** What the tap worklet posts (workers/audio/audio-tap.worklet.ts): a block and its first context frame. */
interface TapBlock {
  firstFrame: number;
  left: Float32Array;
  right: Float32Array;
}

/** Starts measuring what `jona` renders on `context` (`levels`: each voice's level as last set). */
export function watchLoopOutput(context: AudioContext, jona: JonaNode, levels: () => number[]): void {
  unwatchLoopOutput();
  playing = { context, jona, levels };
  meter.reset();
  timer = setInterval(() => {
    const stats = jona.statsNow();
    if (stats) meter.observe(stats, context.sampleRate, context.getOutputTimestamp(), performance.timeOrigin);
  }, LATENCY_POLL_MS);
}

export function unwatchLoopOutput(): void {
  clearInterval(timer);
  tap?.node.disconnect();
  tap = null;
  playing = null;
}

/** Loop latency to the rendered audio (newest sample's host time -> the change leaves the output). */
export function renderedLoopLatency(): LatencyFigures {
  return meter.loop();
}

/**
 * The bare output path, for a same-run baseline: posts an event that changes nothing (voice `voice`'s
 * level set to the level it has) straight to the worklet, stamped with the moment it is posted.
 */
export function probeOutputPath(voice = 0): void {
  const level = playing?.levels()[voice];
  if (!playing || level === undefined) return;
  playing.jona.send(
    { type: 'param', atSec: 0, voice, param: 'level', value: level },
    { tag: probeTag++, sourceMs: performance.timeOrigin + performance.now() },
  );
}

/** The output-path probes' latency so far (posted -> leaves the output). */
export function outputPathLatency(): LatencyFigures {
  return meter.probe();
}

/** Starts measuring the beat on the rendered audio (a tap behind the node); false when nothing plays. */
export async function startBeatTap(carrierHz = 200): Promise<boolean> {
  if (!playing) return false;
  const { context, jona } = playing;
  if (!tapLoaded.has(context)) {
    await context.audioWorklet.addModule(tapWorkletUrl);
    tapLoaded.add(context);
  }
  if (playing?.jona !== jona) return false; // stopped or replaced meanwhile
  tap?.node.disconnect();
  const node = new AudioWorkletNode(context, 'clisonix-audio-tap', { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1] });
  const tracker = makeBeatTracker(context.sampleRate, carrierHz);
  node.port.onmessage = ({ data }: MessageEvent<TapBlock>) => {
    const hostMs = frameOutputHostMs(data.firstFrame, context.sampleRate, context.getOutputTimestamp(), performance.timeOrigin);
    if (hostMs !== null) tracker.push(data.left, data.right, hostMs);
  };
  jona.node.connect(node);
  node.connect(context.destination); // pulled by the graph only when connected; its output is silence
  tap = { node, tracker };
  return true;
}

/** The rendered beat measured so far, one point per 10 ms block. */
export function beatTrack(): BeatPoint[] {
  return tap ? tap.tracker.track() : [];
}

// For the loop's browser test and `npm run bench -- loop` (read-only figures, and the tap).
(globalThis as { clisonixLoop?: unknown }).clisonixLoop = { renderedLoopLatency, probeOutputPath, outputPathLatency, startBeatTap, beatTrack };
