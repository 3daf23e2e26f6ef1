// What the insights compare a frame with: this person's own first minute on the current source (the
// baseline), the session's trend in 10 s buckets, and each electrode's quality over the last 30 s.
// Fed one analysis frame every 0.5 s by live-view-store.ts, reset with a new source. Pure.
import type { AnalysisResult, BandName } from '../../../../dsp-wasm/src/analysis-types.ts';

export const BASELINE_SEC = 60;
export const BUCKET_SEC = 10;
export const QUALITY_WINDOW_SEC = 30;
/** Quality score under which a frame of an electrode counts as poor (as the head view colours it). */
export const POOR_QUALITY = 0.4;

const BANDS: BandName[] = ['delta', 'theta', 'alpha', 'beta', 'gamma'];
type Bands = Record<BandName, number>;

export interface QualityStreak {
  label: string;
  poorSec: number;
  windowSec: number;
  /** The most frequent reason among the poor frames (its words without the percentages). */
  reason: string;
}

/** Mean relative power per band over the channels that have bands (NaN when none). */
function meanBands(result: AnalysisResult): Bands {
  const channels = Object.values(result.channels).filter((c) => c.bands);
  return Object.fromEntries(
    BANDS.map((b) => [b, channels.length ? channels.reduce((sum, c) => sum + c.bands!.relative[b], 0) / channels.length : Number.NaN]),
  ) as Bands;
}

/** A reason's kind: "line noise 3.1x above threshold" -> "line noise". */
export function reasonKind(reason: string): string {
  return reason
    .replace(/\b\d+(\.\d+)?\s*(%|x)?/g, '')
    .replace(/\s+/g, ' ')
    .replace(/ (over|above threshold|of the recording)\b.*$/, '')
    .trim();
}

export class InsightTracker {
  private startMs: number | null = null;
  private baselineSum: Bands = zero();
  private baselineCount = 0;
  /** Session buckets: the mean bands of each BUCKET_SEC. */
  private buckets: Array<{ startMs: number; sum: Bands; count: number }> = [];
  private recent: Array<{ atMs: number; bands: Bands }> = [];
  private quality: Array<{ atMs: number; poor: Array<{ label: string; reason: string }> }> = [];

  add(atMs: number, result: AnalysisResult): void {
    const bands = meanBands(result);
    const valid = BANDS.every((b) => Number.isFinite(bands[b]));
    this.startMs ??= atMs;
    if (valid) {
      if (atMs - this.startMs < BASELINE_SEC * 1000) {
        for (const b of BANDS) this.baselineSum[b] += bands[b];
        this.baselineCount++;
      }
      const bucketStart = this.startMs + Math.floor((atMs - this.startMs) / (BUCKET_SEC * 1000)) * BUCKET_SEC * 1000;
      let bucket = this.buckets.at(-1);
      if (!bucket || bucket.startMs !== bucketStart) this.buckets.push((bucket = { startMs: bucketStart, sum: zero(), count: 0 }));
      for (const b of BANDS) bucket.sum[b] += bands[b];
      bucket.count++;
      this.recent.push({ atMs, bands });
    }
    this.recent = this.recent.filter((r) => r.atMs > atMs - BUCKET_SEC * 1000);
    const poor = Object.entries(result.channels)
      .filter(([, c]) => c.quality.score < POOR_QUALITY)
      .map(([label, c]) => ({ label, reason: reasonKind(c.quality.reasons.find((r) => !/blink/.test(r)) ?? c.quality.reasons[0] ?? '') }));
    this.quality.push({ atMs, poor });
    this.quality = this.quality.filter((q) => q.atMs > atMs - QUALITY_WINDOW_SEC * 1000);
  }

  /** The mean bands of the first minute, once a minute has passed (null before). */
  baseline(): Bands | null {
    const last = this.buckets.at(-1);
    if (!last || this.startMs === null || this.baselineCount === 0) return null;
    if (last.startMs + BUCKET_SEC * 1000 - this.startMs <= BASELINE_SEC * 1000) return null;
    return Object.fromEntries(BANDS.map((b) => [b, this.baselineSum[b] / this.baselineCount])) as Bands;
  }

  /** The mean bands of the last BUCKET_SEC. */
  current(): Bands | null {
    if (!this.recent.length) return null;
    return Object.fromEntries(BANDS.map((b) => [b, this.recent.reduce((s, r) => s + r.bands[b], 0) / this.recent.length])) as Bands;
  }

  /**
   * The trend of `band` over the last `minutes` of whole buckets: the least-squares line's values at
   * the first and last bucket, and r² (null with fewer than 6 buckets).
   */
  trend(band: BandName, minutes = 3): { from: number; to: number; r2: number; minutes: number } | null {
    const full = this.buckets.slice(0, -1).filter((b) => b.count > 0);
    const span = full.slice(-Math.round((minutes * 60) / BUCKET_SEC));
    if (span.length < 6) return null;
    const ys = span.map((b) => b.sum[band] / b.count);
    const n = ys.length;
    const mx = (n - 1) / 2;
    const my = ys.reduce((a, b) => a + b, 0) / n;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    ys.forEach((y, x) => {
      sxy += (x - mx) * (y - my);
      sxx += (x - mx) ** 2;
      syy += (y - my) ** 2;
    });
    const slope = sxy / sxx;
    return { from: my - slope * mx, to: my + slope * mx, r2: syy > 0 ? (sxy * sxy) / (sxx * syy) : 0, minutes: (n * BUCKET_SEC) / 60 };
  }

  /** Electrodes poor in at least half of the last QUALITY_WINDOW_SEC, worst first. */
  poorElectrodes(): QualityStreak[] {
    if (this.quality.length < 2) return [];
    const windowSec = Math.min(QUALITY_WINDOW_SEC, (this.quality.at(-1)!.atMs - this.quality[0]!.atMs) / 1000 + 0.5);
    const perFrameSec = windowSec / this.quality.length;
    const byLabel = new Map<string, Map<string, number>>();
    for (const q of this.quality) {
      for (const { label, reason } of q.poor) {
        const reasons = byLabel.get(label) ?? new Map<string, number>();
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        byLabel.set(label, reasons);
      }
    }
    return [...byLabel.entries()]
      .map(([label, reasons]) => {
        const frames = [...reasons.values()].reduce((a, b) => a + b, 0);
        const reason = [...reasons.entries()].sort((a, b) => b[1] - a[1])[0]![0];
        return { label, poorSec: frames * perFrameSec, windowSec, reason };
      })
      .filter((s) => s.poorSec >= s.windowSec / 2)
      .sort((a, b) => b.poorSec - a.poorSec);
  }
}

function zero(): Bands {
  return { delta: 0, theta: 0, alpha: 0, beta: 0, gamma: 0 };
}
