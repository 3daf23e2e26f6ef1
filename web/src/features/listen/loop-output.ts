// What the loop does to the sound that leaves the JONA node, measured on the page (where the audio clock
// is): the loop latency to the rendered audio (rendered-latency.ts), a same-run baseline of the bare
// output path (probe events posted straight to the worklet), and, for the loop's browser test, the beat
// measured on the rendered audio by a recording tap behind the node (beat-tap.ts). The audio engine
// hands the playing node over in play() and takes it back in stop().
import type { JonaNode } from '../../../../workers/audio/jona.main.ts';
import { makeBeatTracker, type BeatPoint } from './beat-tap.ts';
import { frameOutputHostMs, makeRenderedLatencyMeter, PROBE_TAG_BASE, type LatencyFigures } from './rendered-latency.ts';

/**
 * How often the shared stats table is read for a newly applied tag (ms). Each reading measures from the
 * frame the worklet recorded, so the poll's own delay is not in the figure; a tag overwritten before it
 * is read is not counted (loop updates come every 500 ms).
 */
const LATENCY_POLL_MS = 20;
/** Frames per tap callback: the tap's host times are good to about one buffer (5 ms at 48 kHz). */
const TAP_FRAMES = 256;

const meter = makeRenderedLatencyMeter();
let playing: { context: AudioContext; jona: JonaNode; levels: () => number[] } | null = null;
let timer: ReturnType<typeof setInterval> | undefined;
let probeTag = PROBE_TAG_BASE;
let tap: { node: ScriptProcessorNode; tracker: ReturnType<typeof makeBeatTracker> } | null = null;

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
export function startBeatTap(carrierHz = 200): boolean {
  if (!playing) return false;
  tap?.node.disconnect();
  const { context } = playing;
  const node = context.createScriptProcessor(TAP_FRAMES, 2, 1);
  const tracker = makeBeatTracker(context.sampleRate, carrierHz);
  node.onaudioprocess = (e) => {
    // The input was rendered one buffer before the output it comes with is played.
    const firstFrame = Math.round(e.playbackTime * context.sampleRate) - TAP_FRAMES;
    const hostMs = frameOutputHostMs(firstFrame, context.sampleRate, context.getOutputTimestamp(), performance.timeOrigin);
    if (hostMs !== null) tracker.push(e.inputBuffer.getChannelData(0), e.inputBuffer.getChannelData(1), hostMs);
  };
  playing.jona.node.connect(node);
  node.connect(context.destination); // a ScriptProcessor runs only when connected; its output is silence
  tap = { node, tracker };
  return true;
}

/** The rendered beat measured so far, one point per 10 ms block. */
export function beatTrack(): BeatPoint[] {
  return tap ? tap.tracker.track() : [];
}

// For the loop's browser test and `npm run bench -- loop` (read-only figures, and the tap).
(globalThis as { clisonixLoop?: unknown }).clisonixLoop = { renderedLoopLatency, probeOutputPath, outputPathLatency, startBeatTap, beatTrack };
