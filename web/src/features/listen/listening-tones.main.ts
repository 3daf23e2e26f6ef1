// The tones of the checks before binaural beats (listening-check.ts), on their own small graph:
//
//   oscillator (1 kHz) -> envelope gain -+-> left gain  -> merger in 0 -+-> destination
//                                        +-> right gain -> merger in 1 -+-> splitter -> analyser L, analyser R
//
// The analysers record what each output channel carried while a tone played (peak RMS), so the
// check can be verified from the output itself (support, browser tests).
import {
  CHANNEL_TONE_SEC,
  CHECK_TONE_HZ,
  channelGains,
  HEARING_START_DB,
  HEARING_TONE_SEC,
  HEARING_TOP_DB,
  hearingToneGainAt,
  type Ear,
} from './listening-check.ts';

let context: AudioContext | undefined;
let playing: { stop(): void } | null = null;
/** Peak RMS per output channel since the latest tone began. */
let levels = { left: 0, right: 0 };

function build(left: number, right: number) {
  context ??= new AudioContext({ latencyHint: 'interactive' });
  const ctx = context;
  const osc = new OscillatorNode(ctx, { frequency: CHECK_TONE_HZ });
  const envelope = new GainNode(ctx, { gain: 0 });
  const merger = new ChannelMergerNode(ctx, { numberOfInputs: 2 });
  const gains = [left, right].map((g, i) => {
    const node = new GainNode(ctx, { gain: g });
    envelope.connect(node).connect(merger, 0, i);
    return node;
  });
  const splitter = new ChannelSplitterNode(ctx, { numberOfOutputs: 2 });
  const analysers = [0, 1].map((i) => {
    const a = new AnalyserNode(ctx, { fftSize: 2048 });
    splitter.connect(a, i);
    return a;
  });
  osc.connect(envelope);
  merger.connect(ctx.destination);
  merger.connect(splitter);
  levels = { left: 0, right: 0 };
  const buffer = new Float32Array(2048);
  const rms = (a: AnalyserNode) => {
    a.getFloatTimeDomainData(buffer);
    return Math.sqrt(buffer.reduce((s, x) => s + x * x, 0) / buffer.length);
  };
  const meter = setInterval(() => {
    levels = { left: Math.max(levels.left, rms(analysers[0]!)), right: Math.max(levels.right, rms(analysers[1]!)) };
  }, 50);
  const stop = () => {
    clearInterval(meter);
    const t = ctx.currentTime;
    envelope.gain.cancelScheduledValues(t);
    envelope.gain.setTargetAtTime(0, t, 0.01);
    osc.stop(t + 0.1);
    setTimeout(() => [osc, envelope, merger, splitter, ...gains, ...analysers].forEach((n) => n.disconnect()), 200);
  };
  return { ctx, osc, envelope, stop };
}

/** Stops the tone that plays, if any. */
export function stopTone(): void {
  playing?.stop();
  playing = null;
}

/** Plays the left/right step's tone in that channel only (call from a click). */
export async function playChannelTone(ear: Ear): Promise<void> {
  stopTone();
  const graph = build(...channelGains(ear));
  await graph.ctx.resume();
  const t = graph.ctx.currentTime;
  // 20 ms fades: no click in the other ear either.
  graph.envelope.gain.setValueAtTime(0, t);
  graph.envelope.gain.linearRampToValueAtTime(0.3, t + 0.02);
  graph.envelope.gain.setValueAtTime(0.3, t + CHANNEL_TONE_SEC - 0.02);
  graph.envelope.gain.linearRampToValueAtTime(0, t + CHANNEL_TONE_SEC);
  graph.osc.start(t);
  graph.osc.stop(t + CHANNEL_TONE_SEC + 0.05);
  playing = graph;
}

/** Starts the rising tone in both ears; `gainNow()` is its level now, null once it passed the top (not heard). */
export async function startRisingTone(): Promise<{ gainNow(): number | null }> {
  stopTone();
  const graph = build(1, 1);
  await graph.ctx.resume();
  const t0 = graph.ctx.currentTime;
  graph.envelope.gain.setValueAtTime(10 ** (HEARING_START_DB / 20), t0);
  graph.envelope.gain.exponentialRampToValueAtTime(10 ** (HEARING_TOP_DB / 20), t0 + HEARING_TONE_SEC);
  graph.osc.start(t0);
  graph.osc.stop(t0 + HEARING_TONE_SEC);
  playing = graph;
  return { gainNow: () => hearingToneGainAt(graph.ctx.currentTime - t0) };
}

/** Peak RMS of each output channel since the latest tone began. */
export const toneLevels = (): { left: number; right: number } => ({ ...levels });

(globalThis as { clisonixListeningCheck?: { levels: typeof toneLevels } }).clisonixListeningCheck = { levels: toneLevels };
