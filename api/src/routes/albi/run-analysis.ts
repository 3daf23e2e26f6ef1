// Runs analyzeChannels and stores the analysis with one row per anomaly, in one transaction.
import { analyses, anomalies } from '../../db/schema.ts';
import { timeDb } from '../../metrics.ts';
import type { Services } from '../../services.ts';
import { ProblemError } from '../../http/problem.ts';
import { DspError } from '../../../../dsp-wasm/src/index.ts';
import { toAlbiContract, type AnalyzeResponse } from './contract.ts';

/**
 * Analyses `channels` (samples in their unit, e.g. uV) at `sampleRateHz` and stores the result.
 * @example const result = await runAnalysis(services, 'local', { channel_1: samples }, 256);
 */
export async function runAnalysis(
  services: Services,
  ownerId: string,
  channels: Record<string, Float32Array | Float64Array>,
  sampleRateHz: number,
  sessionId: string | null = null,
): Promise<AnalyzeResponse> {
  let engine;
  try {
    engine = await services.engines.albi();
  } catch (error) {
    services.logger.error({ err: error }, 'ALBI engine failed to load');
    throw new ProblemError(503, 'The ALBI analysis engine is not available (is dsp-wasm built? run `npm run build:wasm`).');
  }
  let result;
  try {
    result = engine.analyzeChannels(channels, sampleRateHz);
  } catch (error) {
    // The kernels check their input and say which argument is wrong; that is the client's 400.
    if (error instanceof DspError)
      throw new ProblemError(400, `ALBI refused the input: ${error.message}.`, [{ path: `body.${error.argument}`, message: error.message }]);
    throw error;
  }
  const id = crypto.randomUUID();
  const at = new Date();
  const body = toAlbiContract(id, at, result);
  const sampleCount = Object.values(channels)[0]?.length ?? 0;
  await timeDb(services.metrics, 'analyses.insert', () =>
    services.database.db.transaction(async (tx) => {
      await tx
        .insert(analyses)
        .values({ id, ownerId, sessionId, sampleRateHz, channelCount: Object.keys(channels).length, sampleCount, result: body, createdAt: at });
      if (result.anomalies.length) {
        await tx.insert(anomalies).values(
          result.anomalies.map((a) => ({
            analysisId: id,
            ownerId,
            channel: a.channel,
            kind: a.kind,
            startSample: a.startSample,
            endSample: a.endSample,
            score: a.score,
            createdAt: at,
          })),
        );
      }
    }),
  );
  services.metrics.analyses.inc();
  return body;
}
