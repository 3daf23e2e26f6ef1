// The beat as it is rendered: a tap behind the JONA node measures the binaural beat on the audio that
// leaves the worklet, not the parameter that was sent. Each channel is mixed down by the carrier
// (complex demodulation at `carrierHz`) and summed over 10 ms blocks; the phase of R x conj(L)
// advances at 2 pi (fR - fL), whatever the exact carrier, so the beat is the slope of that phase
// (least squares over BEAT_WINDOW_BLOCKS blocks). The noise bed averages out in the sums.
// Each estimate carries the host time (epoch ms) at which its window's middle frame leaves the output.

const BLOCK_SEC = 0.01;
/** Blocks per beat estimate (500 ms: about 0.05 Hz resolution on a clean tone). */
export const BEAT_WINDOW_BLOCKS = 50;

export interface BeatPoint {
  /** Host time (epoch ms) of the window's middle at the output. */
  hostMs: number;
  /** |fR - fL|, Hz. */
  beatHz: number;
}

/** Consumes stereo audio block by block and keeps one beat estimate per 10 ms block once the window is full. */
export function makeBeatTracker(sampleRate: number, carrierHz: number) {
  const blockFrames = Math.round(sampleRate * BLOCK_SEC);
  const w = (2 * Math.PI * carrierHz) / sampleRate;
  let frame = 0; // frames consumed since the start (the demodulator's phase)
  let inBlock = 0;
  let lr = 0,
    li = 0,
    rr = 0,
    ri = 0; // this block's demodulated sums
  let lastPhase = Number.NaN;
  let unwrapped = 0;
  const phases: number[] = [];
  const blockHostMs: number[] = [];
  const track: BeatPoint[] = [];
  return {
    /** `hostMsOfFirst`: output host time of left[0]. */
    push(left: Float32Array, right: Float32Array, hostMsOfFirst: number): void {
      for (let i = 0; i < left.length; i++, frame++) {
        const c = Math.cos(w * frame);
        const s = -Math.sin(w * frame);
        lr += left[i]! * c;
        li += left[i]! * s;
        rr += right[i]! * c;
        ri += right[i]! * s;
        if (++inBlock < blockFrames) continue;
        // R x conj(L)
        const phase = Math.atan2(ri * lr - rr * li, rr * lr + ri * li);
        if (Number.isFinite(lastPhase)) {
          let d = phase - lastPhase;
          d -= 2 * Math.PI * Math.round(d / (2 * Math.PI));
          unwrapped += d;
        }
        lastPhase = phase;
        phases.push(unwrapped);
        blockHostMs.push(hostMsOfFirst + ((i - blockFrames / 2) / sampleRate) * 1000);
        inBlock = 0;
        lr = li = rr = ri = 0;
        if (phases.length >= BEAT_WINDOW_BLOCKS) track.push(slope(phases.length - BEAT_WINDOW_BLOCKS));
      }
    },
    track: () => track,
  };

  /** The beat over the BEAT_WINDOW_BLOCKS blocks from `from`: least-squares slope of the phase / 2 pi. */
  function slope(from: number): BeatPoint {
    const n = BEAT_WINDOW_BLOCKS;
    let sx = 0,
      sy = 0,
      sxx = 0,
      sxy = 0;
    for (let k = 0; k < n; k++) {
      const y = phases[from + k]!;
      sx += k;
      sy += y;
      sxx += k * k;
      sxy += k * y;
    }
    const perBlock = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    return { hostMs: (blockHostMs[from]! + blockHostMs[from + n - 1]!) / 2, beatHz: Math.abs(perBlock / (2 * Math.PI * BLOCK_SEC)) };
  }
}
