// Creating and reading synthesis records; the audio itself is never stored in the database (rendered
// on demand, and kept a while in the render cache, render-cache.ts).
import { and, eq } from 'drizzle-orm';
import { syntheses } from '../../db/schema.ts';
import { ProblemError } from '../../http/problem.ts';
import type { Services } from '../../services.ts';
import { validateProgram } from '../../../../dsp-wasm/src/jona/program.ts';
import type { SynthesizeRequest } from './contract.ts';
import { type TuningEntry, tuneProgram } from './coordinate-mapping.ts';

type Row = typeof syntheses.$inferSelect;

/**
 * Builds the program and its WAV stream for a row (or a request), with `renderFile(file)` writing the
 * same bytes into a file on every core; 400 when JONA refuses it.
 */
export async function wavFor(
  services: Services,
  row: Pick<Row, 'mode' | 'frequencyHz' | 'durationSec' | 'amplitude' | 'voices' | 'sampleRateHz' | 'bitDepth' | 'seed'> & { tuning?: unknown },
) {
  let engine;
  try {
    engine = await services.engines.jona();
  } catch (error) {
    services.logger.error({ err: error }, 'JONA engine failed to load');
    throw new ProblemError(503, 'The JONA synthesis engine is not available (is dsp-wasm built? run `npm run build:wasm`).');
  }
  try {
    const preset = engine.programFromRequest({
      mode: row.mode as never,
      frequency: row.frequencyHz,
      duration: row.durationSec,
      amplitude: row.amplitude,
      voices: (row.voices ?? undefined) as never,
    });
    const program = row.tuning ? validateProgram(tuneProgram(preset, row.tuning as TuningEntry[])) : preset;
    const options = { sampleRateHz: row.sampleRateHz as 44100, bitDepth: row.bitDepth as 16, seed: row.seed };
    const wav = engine.createWavStream(program, options);
    const renderFile = async (file: string) => void (await engine.renderWavFile(program, options, file));
    return Object.assign(wav, { renderFile });
  } catch (error) {
    const message = (error as Error).message;
    const field = /voices\[(\d+)\]\.(\w+)/.exec(message);
    throw new ProblemError(400, `JONA cannot render this request: ${message}.`, [
      { path: field ? `body.voices.${field[1]}.${field[2]}` : 'body', message },
    ]);
  }
}

/**
 * Validates with JONA, then stores the synthesis record. `tuning`: parameters a feedback mapping set on
 * the preset's voices (POST /coordinate), kept with the record so its audio renders the same later.
 */
export async function createSynthesis(services: Services, ownerId: string, request: SynthesizeRequest, tuning: TuningEntry[] = []) {
  const row = {
    id: crypto.randomUUID(),
    ownerId,
    mode: request.mode,
    frequencyHz: request.frequency,
    durationSec: request.duration,
    amplitude: request.amplitude,
    sampleRateHz: request.sample_rate,
    bitDepth: request.bit_depth,
    voices: request.voices ?? null,
    tuning: tuning.length ? tuning : null,
    seed: request.seed ?? 1,
    status: 'generated',
    createdAt: new Date(),
  };
  const wav = await wavFor(services, row); // refuses what cannot be rendered before anything is stored
  await services.database.db.insert(syntheses).values(row);
  return toSynthesisJson(row, wav.byteLength);
}

export async function requireSynthesis(services: Services, ownerId: string, id: string): Promise<Row> {
  const [row] = await services.database.db
    .select()
    .from(syntheses)
    .where(and(eq(syntheses.id, id), eq(syntheses.ownerId, ownerId)));
  if (!row) throw new ProblemError(404, `Synthesis ${id} does not exist.`, [{ path: 'path.id', message: 'no such synthesis' }]);
  return row;
}

export function toSynthesisJson(row: Row, byteLength: number) {
  return {
    synthesis_id: row.id,
    mode: row.mode,
    frequency: row.frequencyHz,
    duration: row.durationSec,
    amplitude: row.amplitude,
    status: row.status,
    sample_rate: row.sampleRateHz,
    bit_depth: row.bitDepth,
    ...(row.voices ? { voices: row.voices as never } : {}),
    ...(row.tuning ? { tuning: row.tuning as TuningEntry[] } : {}),
    audio_url: `synthesize/${row.id}/audio`,
    byte_length: byteLength,
    created_at: row.createdAt.toISOString(),
  };
}
