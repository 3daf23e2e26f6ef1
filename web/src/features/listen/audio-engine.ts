// One AudioContext and one JONA node for the Listen screen (and neurofeedback). The node plays a
// Program; live changes (voice levels, feedback) are events sent to the worklet.
import { createSignal } from 'solid-js';
import type { Program, ProgramEvent } from '../../../../dsp-wasm/src/jona/program.ts';
import type { JonaNode, JonaStats } from '../../../../workers/audio/jona.main.ts';

export const [playing, setPlaying] = createSignal<string | null>(null);
export const [audioStats, setAudioStats] = createSignal<JonaStats | null>(null);

let context: AudioContext | undefined;
let jona: JonaNode | undefined;
let statsTimer: ReturnType<typeof setInterval> | undefined;

/** Starts `program` (stopping what played before). Call from a click: browsers need the gesture. */
export async function play(program: Program, label: string): Promise<void> {
  await stop();
  const { createJonaNode } = await import('../../../../workers/audio/jona.main.ts');
  context ??= new AudioContext({ latencyHint: 'interactive' });
  await context.resume();
  jona = await createJonaNode(context, program, { seed: 1 });
  jona.node.connect(context.destination);
  setPlaying(label);
  statsTimer = setInterval(() => void jona?.stats().then(setAudioStats), 500);
}

export async function stop(): Promise<void> {
  clearInterval(statsTimer);
  jona?.node.disconnect();
  jona = undefined;
  setPlaying(null);
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

// Read-only figures for support and for the browser tests: the worklet's stats as they are now,
// without waiting for the page's next poll (which a busy or hidden page delays).
(globalThis as { clisonixAudio?: { statsNow: typeof audioStatsNow } }).clisonixAudio = { statsNow: audioStatsNow };
