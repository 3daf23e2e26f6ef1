// ALBI's original wire contract (snake_case field names kept exactly) and the mapping from
// dsp-wasm's AnalysisResult to it.
import { z } from '@hono/zod-openapi';
import type { AnalysisResult, BandName } from '../../../../dsp-wasm/src/analysis-types.ts';

const finite = z.number().min(-1e15).max(1e15);

export const analyzeRequestSchema = z
  .strictObject({
    channels: z
      .record(
        z.string().regex(/^[A-Za-z0-9._ -]{1,64}$/, 'channel names: 1-64 letters, digits, space, dot, underscore or dash'),
        z.array(finite).min(1).max(4_000_000),
      )
      .refine((channels) => Object.keys(channels).length >= 1 && Object.keys(channels).length <= 256, 'between 1 and 256 channels'),
    /** Sampling rate in Hz; 256 (Muse) unless given. */
    sample_rate: z.number().positive().max(100_000).default(256),
  })
  .superRefine((value, ctx) => {
    const lengths = new Set(Object.values(value.channels).map((c) => c.length));
    if (lengths.size > 1) ctx.addIssue({ code: 'custom', path: ['channels'], message: 'all channels must have the same number of samples' });
  })
  .openapi('AnalyzeRequest');

const bandsSchema = z.object({ delta: z.number(), theta: z.number(), alpha: z.number(), beta: z.number(), gamma: z.number() });

export const analyzeResponseSchema = z
  .object({
    analysis_id: z.uuid(),
    timestamp: z.string(),
    sample_rate: z.number(),
    statistics: z.record(
      z.string(),
      z.object({ mean: z.number(), std_dev: z.number(), min: z.number(), max: z.number(), median: z.number(), outliers: z.number().int() }),
    ),
    anomalies: z.array(
      z.object({ channel: z.string(), type: z.string(), start_sample: z.number().int(), end_sample: z.number().int(), score: z.number() }),
    ),
    confidence: z.number(),
    bands: z.record(z.string(), z.object({ absolute: bandsSchema, relative: bandsSchema })).optional(),
    peak_alpha_hz: z.record(z.string(), z.number()).optional(),
    quality: z.record(z.string(), z.object({ score: z.number(), reasons: z.array(z.string()) })),
    skipped: z.string().optional(),
  })
  .openapi('AnalyzeResponse');

export type AnalyzeResponse = z.infer<typeof analyzeResponseSchema>;

const bandNames: BandName[] = ['delta', 'theta', 'alpha', 'beta', 'gamma'];
const pickBands = (b: Record<BandName, number>) => Object.fromEntries(bandNames.map((n) => [n, b[n]])) as Record<BandName, number>;

/** Maps dsp-wasm's result to ALBI's original field names. */
export function toAlbiContract(id: string, at: Date, result: AnalysisResult): AnalyzeResponse {
  const entries = Object.entries(result.channels);
  const withBands = entries.filter(([, ch]) => ch.bands);
  const withPeak = entries.filter(([, ch]) => typeof ch.peakAlphaHz === 'number' && Number.isFinite(ch.peakAlphaHz));
  return {
    analysis_id: id,
    timestamp: at.toISOString(),
    sample_rate: result.sampleRateHz,
    statistics: Object.fromEntries(
      entries.map(([name, ch]) => [
        name,
        {
          mean: ch.statistics.mean,
          std_dev: ch.statistics.std,
          min: ch.statistics.min,
          max: ch.statistics.max,
          median: ch.statistics.median,
          outliers: ch.statistics.outlierCount,
        },
      ]),
    ),
    anomalies: result.anomalies.map((a) => ({
      channel: a.channel,
      type: a.kind,
      start_sample: a.startSample,
      end_sample: a.endSample,
      score: a.score,
    })),
    confidence: result.confidence,
    ...(withBands.length
      ? {
          bands: Object.fromEntries(
            withBands.map(([name, ch]) => [name, { absolute: pickBands(ch.bands!.absolute), relative: pickBands(ch.bands!.relative) }]),
          ),
        }
      : {}),
    ...(withPeak.length ? { peak_alpha_hz: Object.fromEntries(withPeak.map(([name, ch]) => [name, ch.peakAlphaHz!])) } : {}),
    quality: Object.fromEntries(entries.map(([name, ch]) => [name, { score: ch.quality.score, reasons: ch.quality.reasons }])),
    ...(result.skipped ? { skipped: result.skipped } : {}),
  };
}
