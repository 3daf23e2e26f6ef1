// POST /coordinate: a multi-service task. `analyze_and_synthesize` analyses the channels (ALBI),
// picks the dominant band and synthesises audio tuned to it (JONA); every step's result is returned.
// With `mapping` (a feedback mapping set, the JSON of workers/audio/feedback-mapping.ts) the mapped
// parameters are set from the metrics of the posted channels, within the mapping's ranges.
import { createRoute, z } from '@hono/zod-openapi';
import { ProblemError } from '../../http/problem.ts';
import { createRouter } from '../../http/router.ts';
import { jsonBody } from '../../middleware/json-body/index.ts';
import { problemResponses } from '../openapi-common.ts';
import { analyzeRequestSchema, type AnalyzeResponse } from '../albi/contract.ts';
import { runAnalysis } from '../albi/run-analysis.ts';
import { programFromRequest } from '../../../../dsp-wasm/src/jona/presets.ts';
import { applyMappingOnce, parseCoordinateMapping, type TuningEntry } from './coordinate-mapping.ts';
import { createSynthesis } from './store.ts';

const coordinateSchema = z
  .strictObject({
    task: z.literal('analyze_and_synthesize'),
    channels: analyzeRequestSchema.shape.channels,
    sample_rate: z.number().positive().max(100_000).default(256),
    duration: z.number().gt(0).max(86_400).default(600),
    amplitude: z.number().min(0).max(1).default(0.7),
    /**
     * Optional feedback mapping set `{ mappings: [...] }` (docs/jona.md, "Feedback mappings"): each mapping's
     * metric, read from the posted channels, sets its parameter. Checked by the route (400 names the field).
     */
    mapping: z.unknown().optional().openapi({ type: 'object', description: 'Feedback mapping set { mappings: [...] }' }),
  })
  .openapi('CoordinateRequest');

const coordinate = createRoute({
  method: 'post',
  path: '/coordinate',
  tags: ['jona'],
  summary: 'Analyse channels, then synthesise audio tuned to the dominant band',
  middleware: jsonBody(32 * 1024 * 1024),
  request: { body: { required: true, content: { 'application/json': { schema: coordinateSchema } } } },
  responses: {
    200: {
      description: 'Every step',
      content: {
        'application/json': {
          schema: z.object({
            task: z.string(),
            status: z.string(),
            steps: z.array(z.object({ step: z.number().int(), service: z.string(), action: z.string(), result: z.unknown() })),
          }),
        },
      },
    },
    ...problemResponses(400, 413, 415, 503),
  },
});

/** Band -> JONA mode and its default beat (Hz) when no peak frequency is known. */
const BAND_MODES = { delta: ['sleep', 2], theta: ['meditate', 6], alpha: ['relax', 10], beta: ['focus', 18], gamma: ['energize', 40] } as const;

function tuneTo(analysis: AnalyzeResponse) {
  if (!analysis.bands) return { band: 'alpha' as const, reason: 'signal too short for band powers; alpha by default' };
  const totals = Object.fromEntries(
    (Object.keys(BAND_MODES) as (keyof typeof BAND_MODES)[]).map((b) => [b, Object.values(analysis.bands!).reduce((s, ch) => s + ch.relative[b], 0)]),
  );
  const band = (Object.keys(totals) as (keyof typeof BAND_MODES)[]).reduce((a, b) => (totals[b] > totals[a] ? b : a));
  return { band, reason: `${band} has the largest relative power` };
}

export const coordinateRoutes = createRouter().openapi(coordinate, async (c) => {
  const body = c.req.valid('json');
  const lengths = new Set(Object.values(body.channels).map((v) => v.length));
  if (lengths.size > 1)
    throw new ProblemError(400, 'All channels must have the same number of samples.', [{ path: 'body.channels', message: 'unequal lengths' }]);
  const services = c.get('services');
  const { ownerId } = c.get('identity');
  const analysis = await runAnalysis(
    services,
    ownerId,
    Object.fromEntries(Object.entries(body.channels).map(([k, v]) => [k, Float64Array.from(v)])),
    body.sample_rate,
  );
  const { band, reason } = tuneTo(analysis);
  const [mode, defaultBeat] = BAND_MODES[band];
  const peaks = Object.values(analysis.peak_alpha_hz ?? {});
  let frequency: number = band === 'alpha' && peaks.length ? +(peaks.reduce((a, b) => a + b, 0) / peaks.length).toFixed(2) : defaultBeat;
  let amplitude = body.amplitude;
  let tuning: TuningEntry[] = [];
  let mapped: ReturnType<typeof applyMappingOnce>['mapped'] | undefined;
  if (body.mapping !== undefined) {
    const set = parseCoordinateMapping(body.mapping);
    const program = programFromRequest({ mode, frequency, duration: body.duration, amplitude });
    ({ tuning, mapped } = applyMappingOnce(set, program, analysis));
    // The beat of voice 0 and the master gain are the request's own frequency and amplitude; the rest is kept as tuning.
    for (const t of tuning) {
      if (t.voice === 0 && t.param === 'beatHz') {
        if (!(t.value > 0)) {
          const i = mapped.findIndex((m) => m.target.voice === 0 && m.target.param === 'beatHz');
          throw new ProblemError(400, `body.mapping.mappings[${i}] sets the beat to ${t.value} Hz; a synthesis needs a beat above 0 Hz.`, [
            { path: `body.mapping.mappings.${i}.output`, message: 'the beat must stay above 0 Hz' },
          ]);
        }
        frequency = +t.value.toFixed(2);
      } else if (t.voice === 'master') amplitude = t.value;
    }
    tuning = tuning.filter((t) => !(t.voice === 0 && t.param === 'beatHz') && t.voice !== 'master');
  }
  const synthesis = await createSynthesis(
    services,
    ownerId,
    { mode, frequency, duration: body.duration, amplitude, sample_rate: 44100, bit_depth: 16 },
    tuning,
  );
  return c.json(
    {
      task: body.task,
      status: 'completed',
      steps: [
        { step: 1, service: 'albi', action: 'analyze', result: analysis },
        { step: 2, service: 'orchestrator', action: 'select_target', result: { band, mode, frequency, reason, ...(mapped ? { mapped } : {}) } },
        { step: 3, service: 'jona', action: 'synthesize', result: synthesis },
      ],
    },
    200,
  );
});
