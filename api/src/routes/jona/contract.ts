// JONA's original wire contract (field names kept) plus the optional audio format fields.
import { z } from '@hono/zod-openapi';

const voiceSchema = z.strictObject({
  kind: z.enum(['binaural', 'monaural', 'isochronic', 'tone', 'white', 'pink', 'brown', 'bell']),
  level: z.number().min(0).max(4),
  pan: z.number().min(-1).max(1).optional(),
  carrierHz: z.number().min(20).max(20_000).optional(),
  beatHz: z.number().min(0).max(100).optional(),
  duty: z.number().min(0).max(1).optional(),
  attackSec: z.number().min(0).max(10).optional(),
  releaseSec: z.number().min(0).max(10).optional(),
});

export const synthesizeRequestSchema = z
  .strictObject({
    mode: z.enum(['relax', 'focus', 'meditate', 'sleep', 'energize']),
    /** Beat frequency, Hz. */
    frequency: z.number().gt(0).max(100),
    /** Length in seconds; at most 24 hours. */
    duration: z.number().gt(0).max(86_400),
    /** Output level 0-1; 0.7 when absent, as in the original JONA. */
    amplitude: z.number().min(0).max(1).default(0.7),
    sample_rate: z.union([z.literal(44100), z.literal(48000)]).default(44100),
    bit_depth: z.union([z.literal(16), z.literal(24)]).default(16),
    voices: z.array(voiceSchema).max(30).optional(),
    /** Noise seed: the same request and seed give the same bytes. */
    seed: z.number().int().min(0).max(2_147_483_647).optional(),
  })
  .openapi('SynthesizeRequest');

export const synthesisSchema = z
  .object({
    synthesis_id: z.uuid(),
    mode: z.string(),
    frequency: z.number(),
    duration: z.number(),
    amplitude: z.number(),
    status: z.string(),
    sample_rate: z.number().int(),
    bit_depth: z.number().int(),
    voices: z.array(voiceSchema).optional(),
    /** Parameters a feedback mapping set on the preset's voices (POST /coordinate only). */
    tuning: z
      .array(
        z.object({
          voice: z.union([z.number().int(), z.literal('master')]),
          param: z.enum(['beatHz', 'carrierHz', 'level', 'gain']),
          value: z.number(),
        }),
      )
      .optional(),
    audio_url: z.string(),
    byte_length: z.number().int(),
    created_at: z.string(),
  })
  .openapi('Synthesis');

export type SynthesizeRequest = z.infer<typeof synthesizeRequestSchema>;
