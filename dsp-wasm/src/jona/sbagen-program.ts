// Turns a parsed SBaGen sequence into a JONA Program, and previews its timeline.
//
// Transitions follow SBaGen: at each change the old and new tone-sets meet in a window of 30 s
// either side of the change time (clipped to half of each neighbouring period); with `->` the
// whole previous period is the window. Per channel: `==` on both sides slides frequency and level;
// otherwise a tone at the same frequency only changes level, and a new tone fades in while the
// old fades out. `<`/`>` go through silence (out in the first half of the window, in the second).
//
// A `#@` condition on a period (sbagen-parse.ts) becomes a hold of the program: watched from the end
// of the change into the period to the start of the change out of it (the next period's window, or
// the final fade), so the period's own tone-set is what sounds while it waits.
import { validateHolds, type ProgramHold } from './conditions.ts';
import { ProgramError, type Program, type ProgramEvent, type VoiceSpec } from './program.ts';
import { parseSbg, type SbgPeriod, type SbgSequence, type SbgTone } from './sbagen-parse.ts';

export interface SbgOptions {
  /** How long a last tone-set that is not silent plays, s (SBaGen writes one hour by default). */
  openEndSec?: number;
}

export interface TimelineEntry {
  startSec: number;
  endSec: number;
  toneSet: string;
  /** How this period is entered. */
  transition: 'start' | 'slide' | 'fade' | 'via-silence';
  /** Window in which the change into this period happens. */
  windowStartSec: number;
  windowEndSec: number;
  tones: string[];
  line: number;
  /** The `#@` condition as written ('until relative(alpha) > 0.3 for 30s'), when the period has one. */
  condition?: string;
}

const HALF_WINDOW_SEC = 30;

const describe = (t: SbgTone): string =>
  t.kind === 'binaural'
    ? `binaural ${t.carrierHz} Hz ${t.beatHz < 0 ? '+' : '-'}${Math.abs(t.beatHz)} Hz /${t.amp}`
    : t.kind === 'isochronic'
      ? `isochronic ${t.carrierHz} Hz @${t.beatHz} Hz /${t.amp}`
      : t.kind === 'monaural'
        ? `monaural ${t.carrierHz} Hz M${t.beatHz} Hz /${t.amp}`
        : t.kind === 'tone'
          ? `tone ${t.carrierHz} Hz /${t.amp}`
          : t.kind === 'bell'
            ? `bell ${t.carrierHz} Hz /${t.amp}`
            : `${t.kind} noise /${t.amp}`;

const isSilent = (seq: SbgSequence, p: SbgPeriod) => seq.toneSets.get(p.toneSet)!.channels.every((c) => c === null);

/** Period boundaries, transitions and windows: what the Program will do, for display and tests. */
export function previewSbgTimeline(seq: SbgSequence, options: SbgOptions = {}): TimelineEntry[] {
  const ps = seq.periods;
  const last = ps[ps.length - 1]!;
  const endSec = isSilent(seq, last) ? last.atSec : last.atSec + (options.openEndSec ?? 3600);
  return ps.map((p, i) => {
    const end = i + 1 < ps.length ? ps[i + 1]!.atSec : endSec;
    const prev = ps[i - 1];
    let transition: TimelineEntry['transition'] = 'start';
    let ws = p.atSec;
    let we = Math.min(p.atSec + HALF_WINDOW_SEC, p.slideToNext ? p.atSec : (p.atSec + end) / 2);
    if (prev) {
      transition = prev.fadeOut === '=' && p.fadeIn === '=' ? 'slide' : prev.fadeOut === '>' || p.fadeIn === '<' ? 'via-silence' : 'fade';
      ws = prev.slideToNext ? prev.atSec : Math.max(p.atSec - HALF_WINDOW_SEC, (prev.atSec + p.atSec) / 2);
      // '->' makes the previous period the transition: the new tone-set is reached at its time.
      if (prev.slideToNext || p.slideToNext) we = p.atSec;
    }
    if (i === 0) we = Math.max(we, ws); // the first period fades in from silence
    const tones = seq.toneSets.get(p.toneSet)!.channels.map((c) => (c ? describe(c) : '-'));
    const entry: TimelineEntry = {
      startSec: p.atSec,
      endSec: end,
      toneSet: p.toneSet,
      transition,
      windowStartSec: ws,
      windowEndSec: we,
      tones,
      line: p.line,
    };
    if (p.condition) entry.condition = p.condition.text;
    return entry;
  });
}

/** One kernel voice per (channel, kind) pair used anywhere in the sequence. */
function allocateVoices(seq: SbgSequence): Map<string, number> {
  const voices = new Map<string, number>();
  for (const p of seq.periods) {
    seq.toneSets.get(p.toneSet)!.channels.forEach((t, ch) => {
      const key = t ? `${ch}:${t.kind}` : '';
      if (t && !voices.has(key)) voices.set(key, voices.size);
    });
  }
  return voices;
}

/** Converts a sequence (or .sbg text) to a Program; levels are SBaGen amplitudes / 100. */
export function sbgToProgram(
  input: SbgSequence | string,
  options: SbgOptions = {},
): { program: Program; timeline: TimelineEntry[]; warnings: string[] } {
  const seq = typeof input === 'string' ? parseSbg(input) : input;
  const timeline = previewSbgTimeline(seq, options);
  const voiceOf = allocateVoices(seq);
  const specs: VoiceSpec[] = [];
  for (const key of voiceOf.keys()) specs.push({ kind: key.split(':')[1] as VoiceSpec['kind'], level: 0, carrierHz: 200, beatHz: 0 });
  const events: ProgramEvent[] = [];
  const param = (atSec: number, voice: number, p: 'level' | 'carrierHz' | 'beatHz', value: number, rampSec = 0) =>
    events.push({ type: 'param', atSec, voice, param: p, value, rampSec });
  const setFreq = (atSec: number, v: number, t: SbgTone, rampSec = 0) => {
    param(atSec, v, 'carrierHz', t.carrierHz || 200, rampSec);
    param(atSec, v, 'beatHz', t.beatHz, rampSec);
  };
  const channelCount = Math.max(...[...seq.toneSets.values()].map((s) => s.channels.length));
  timeline.forEach((entry, i) => {
    const now = seq.toneSets.get(entry.toneSet)!.channels;
    const before = i > 0 ? seq.toneSets.get(timeline[i - 1]!.toneSet)!.channels : [];
    const ws = entry.windowStartSec;
    const we = entry.windowEndSec;
    const mid = (ws + we) / 2;
    for (let ch = 0; ch < channelCount; ch++) {
      const a = before[ch] ?? null;
      const b = now[ch] ?? null;
      const va = a ? voiceOf.get(`${ch}:${a.kind}`)! : -1;
      const vb = b ? voiceOf.get(`${ch}:${b.kind}`)! : -1;
      const level = (t: SbgTone) => t.amp / 100;
      if (b?.kind === 'bell') {
        param(entry.startSec, vb, 'carrierHz', b.carrierHz);
        param(entry.startSec, vb, 'level', level(b));
        events.push({ type: 'trigger', atSec: entry.startSec, voice: vb });
        continue;
      }
      if (a && a.kind === 'bell') continue; // a bell rings out by itself
      if (va === vb && a && b) {
        const sameFreq = a.carrierHz === b.carrierHz && a.beatHz === b.beatHz;
        if (entry.transition === 'slide') {
          setFreq(ws, vb, b, we - ws);
          param(ws, vb, 'level', level(b), we - ws);
        } else if (sameFreq && entry.transition === 'fade') {
          param(ws, vb, 'level', level(b), we - ws);
        } else {
          param(ws, va, 'level', 0, mid - ws); // out, retune in silence, back in
          setFreq(mid, vb, b);
          param(mid, vb, 'level', level(b), we - mid);
        }
        continue;
      }
      const silentGap = entry.transition === 'via-silence';
      if (a) param(ws, va, 'level', 0, (silentGap ? mid : we) - ws);
      if (b) {
        const inAt = silentGap ? mid : ws;
        setFreq(inAt, vb, b);
        param(inAt, vb, 'level', level(b), we - inAt);
      }
    }
  });
  const last = timeline[timeline.length - 1]!;
  const durationSec = Math.max(last.endSec, 1e-3);
  // A last tone-set still sounding fades out over the final 30 s (or half its length).
  if (last.endSec > last.startSec && !isSilent(seq, seq.periods[seq.periods.length - 1]!)) {
    const fade = Math.min(HALF_WINDOW_SEC, (last.endSec - last.startSec) / 2);
    events.push({ type: 'param', atSec: durationSec - fade, voice: 'master', param: 'gain', value: 0, rampSec: fade });
  }
  events.sort((x, y) => x.atSec - y.atSec);
  const program: Program = { label: 'SBaGen sequence', durationSec, masterGain: 1, voices: specs, events };
  const holds = conditionHolds(seq, timeline, durationSec);
  if (holds.length) program.holds = validateHolds(holds, durationSec, 'holds');
  return { program, timeline, warnings: seq.warnings };
}

/** The holds of the `#@` conditions: from the end of the change into a period to the start of the change out. */
function conditionHolds(seq: SbgSequence, timeline: TimelineEntry[], durationSec: number): ProgramHold[] {
  const holds: ProgramHold[] = [];
  const lastSounds = !isSilent(seq, seq.periods[seq.periods.length - 1]!);
  seq.periods.forEach((p, i) => {
    if (!p.condition) return;
    const entry = timeline[i]!;
    const next = timeline[i + 1];
    if (!next && !lastSounds) throw new ProgramError(`line ${p.line}: the last period has a condition but nothing to go on to`);
    const fade = Math.min(HALF_WINDOW_SEC, (entry.endSec - entry.startSec) / 2);
    const atSec = next ? next.windowStartSec : durationSec - fade;
    holds.push({
      mode: p.condition.mode,
      fromSec: Math.min(entry.windowEndSec, atSec),
      atSec,
      condition: p.condition.condition,
      label: `${p.toneSet} (line ${p.line})`,
    });
  });
  return holds;
}

const clock = (sec: number) => {
  const s = Math.round(sec * 1000) / 1000;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${(s % 60).toFixed(0).padStart(2, '0')}`;
};

/** Human-readable timeline, one period per line: `00:00:00-00:02:00 ts1 (fade) binaural ...`. */
export function formatTimeline(timeline: TimelineEntry[]): string {
  return timeline.map((e) => `${clock(e.startSec)}-${clock(e.endSec)} ${e.toneSet} (${e.transition}) ${e.tones.join(', ')}`).join('\n');
}
