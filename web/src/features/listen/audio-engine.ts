// One AudioContext and one JONA node for the Listen screen (and neurofeedback). The node plays a
// Program; live changes (voice levels, feedback) are events sent to the worklet.
import { createSignal } from 'solid-js';
import type { Program, ProgramEvent } from '../../../../dsp-wasm/src/jona/program.ts';
import type { JonaNode, JonaStats } from '../../../../workers/audio/jona.main.ts';
import { unwatchLoopOutput, watchLoopOutput } from './loop-output.ts';
import { settings } from '../../app/settings.ts';

/** Frames per render quantum of an AudioWorklet (Web Audio's fixed block size). */
const QUANTUM_FRAMES = 128;

export const [playing, setPlaying] = createSignal<string | null>(null);

/** A step of a playing schedule: where it begins in the program (s) and what it is, in words. */
export interface ScheduleStep {
  atSec: number;
  text: string;
}
/** The steps of the playing program when it is a schedule (a new array on every play), else null. */
export const [playingSteps, setPlayingSteps] = createSignal<ScheduleStep[] | null>(null);
/** The program the worklet plays (what "Now playing" describes), and each voice's level as last set. */
export const [playingProgram, setPlayingProgram] = createSignal<Program | null>(null);
export const [voiceLevels, setVoiceLevels] = createSignal<number[]>([]);
export const [audioStats, setAudioStats] = createSignal<JonaStats | null>(null);

let context: AudioContext | undefined;
let jona: JonaNode | undefined;
let statsTimer: ReturnType<typeof setInterval> | undefined;

/**
 * Starts `program` (stopping what played before). Call from a click: browsers need the gesture.
 * `steps`: a schedule's steps, which a running recording then gets as markers (schedule-markers.ts).
 */
export async function play(program: Program, label: string, steps?: ScheduleStep[]): Promise<void> {
  await stop();
  const { createJonaNode } = await import('../../../../workers/audio/jona.main.ts');
  context ??= new AudioContext({ latencyHint: 'interactive' });
  await context.resume();
  jona = await createJonaNode(context, program, { seed: 1 });
  connectOutput(context, jona.node);
  setPlaying(label);
  setPlayingSteps(steps ? [...steps] : null);
  setPlayingProgram(program);
  setVoiceLevels(program.voices.map((v) => v.level));
  statsTimer = setInterval(() => void jona?.stats().then(setAudioStats), 500);
  watchLoopOutput(context, jona, () => voiceLevels());
}

/**
 * The node's way out, as the listening checks left it (settings.listening):
 *   JONA node (its true-peak limiter inside) -> [left/right swapped back] -> starting volume -> speakers
 */
function connectOutput(ctx: AudioContext, node: AudioNode): void {
  const check = settings().listening;
  output = { gain: check?.startingGain ?? 1, swapped: check?.swapChannels === true };
  const volume = new GainNode(ctx, { gain: output.gain });
  if (output.swapped) {
    const splitter = new ChannelSplitterNode(ctx, { numberOfOutputs: 2 });
    const merger = new ChannelMergerNode(ctx, { numberOfInputs: 2 });
    node.connect(splitter);
    splitter.connect(merger, 0, 1);
    splitter.connect(merger, 1, 0);
    merger.connect(volume);
  } else node.connect(volume);
  volume.connect(ctx.destination);
}

/** The output stage of what plays now: its volume (linear gain) and whether left and right are swapped. */
let output: { gain: number; swapped: boolean } | null = null;

export async function stop(): Promise<void> {
  clearInterval(statsTimer);
  unwatchLoopOutput();
  output = null;
  jona?.node.disconnect();
  jona = undefined;
  setPlaying(null);
  setPlayingSteps(null);
  setPlayingProgram(null);
  setVoiceLevels([]);
}

/** Sets one voice's level (0..1) with a short ramp; false when nothing plays. */
export function setVoiceLevel(voice: number, level: number): boolean {
  if (!sendEvents([{ type: 'param', atSec: 0, voice, param: 'level', value: level, rampSec: 0.05 }])) return false;
  setVoiceLevels(voiceLevels().map((l, i) => (i === voice ? level : l)));
  return true;
}

/** Seconds of the playing program rendered so far (from the worklet's quanta), 0 when nothing plays. */
export function programSecondsPlayed(): number {
  const stats = audioStats();
  return stats && context ? (stats.quanta * QUANTUM_FRAMES) / context.sampleRate : 0;
}

/** Sends live events (param changes, bell triggers) to the playing node; false when nothing plays. */
export function sendEvents(events: ProgramEvent[]): boolean {
  if (!jona) return false;
  for (const e of events) jona.send(e);
  return true;
}

/** A port into the playing node for the neurofeedback worker (transfer it); null when nothing plays. */
export function eventPort(): MessagePort | null {
  return jona ? jona.openEventPort() : null;
}

/** The playing node's stats read now (shared table), for diagnostics; null when nothing plays or not isolated. */
export function audioStatsNow(): JonaStats | null {
  return jona ? jona.statsNow() : null;
}

/** Seconds from now until a sample written now is heard (output + base latency), 0 when unknown. */
export function outputLatencySec(): number {
  return context ? (context.outputLatency || 0) + (context.baseLatency || 0) : 0;
}

/**
 * Host time (epoch ms) at which second `programSec` of the playing program is heard, from the audio
 * clock: the worklet's first quantum is program frame 0 (its stats give the context frame and the
 * quanta played), and getOutputTimestamp() maps context time to the performance clock at the speaker,
 * output latency included. Null when nothing plays or before the first quantum.
 */
export async function heardAtHostMs(programSec: number): Promise<number | null> {
  const node = jona;
  if (!node || !context) return null;
  const stats = await node.stats();
  if (!stats.quanta || node !== jona) return null;
  const startSec = (stats.frame - stats.quanta * QUANTUM_FRAMES) / context.sampleRate;
  const at = context.getOutputTimestamp();
  if (at.contextTime === undefined || at.performanceTime === undefined) return null;
  return performance.timeOrigin + at.performanceTime + (startSec + programSec - at.contextTime) * 1000;
}

// Read-only figures for support and for the browser tests: the worklet's stats as they are now,
// without waiting for the page's next poll (which a busy or hidden page delays).
(globalThis as { clisonixAudio?: { statsNow: typeof audioStatsNow; output(): typeof output; sampleRate(): number | null } }).clisonixAudio = {
  statsNow: audioStatsNow,
  output: () => (output ? { ...output } : null),
  sampleRate: () => context?.sampleRate ?? null,
};
