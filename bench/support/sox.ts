// Debian's sox making the JONA benchmark sound (binaural 195/205 Hz + pink noise, 48 kHz 16-bit
// stereo): the external baseline of the JONA render and of the WAV download over HTTP.
import { execFileSync } from 'node:child_process';

export interface Timing {
  wallSec: number;
  cpuSec: number;
}

/** Renders `seconds` of the sound into `file` with sox; wall time and sox's CPU time. */
export function renderWithSox(file: string, seconds: number): Timing {
  const t0 = performance.now();
  // Left 195 Hz, right 205 Hz, then pink noise mixed into both channels. bash's `times` prints the
  // children's user and system CPU time (second line, e.g. "0m41.2s 0m0.31s").
  const sox = `sox -n -r 48000 -b 16 -c 2 '${file}' synth ${seconds} sine 195 sine 205 synth pinknoise mix vol 0.5; times`;
  const out = execFileSync('bash', ['-c', sox], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const wallSec = (performance.now() - t0) / 1000;
  const times = out
    .trim()
    .split('\n')
    .at(-1)!
    .trim()
    .split(/\s+/)
    .map((t) => {
      const m = /^(\d+)m([\d.]+)s$/.exec(t);
      if (!m) throw new Error(`cannot read bash times output: ${out}`);
      return Number(m[1]) * 60 + Number(m[2]);
    });
  return { wallSec, cpuSec: times[0]! + times[1]! };
}
