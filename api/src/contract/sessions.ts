// Wire schemas of /api/v1/sessions, shared by the API (validation + OpenAPI) and the PWA's sync
// code. Plain zod 4; unknown fields are refused everywhere (strict objects).
import { z } from 'zod';
import { programHoldSchema } from '../../../dsp-wasm/src/jona/conditions.ts';
import { mappingSetSchema } from '../../../workers/audio/feedback-mapping.ts';
import { sessionEncryptionSchema } from './e2e-params.ts';

/** Ids the client makes for streams and events: short, URL-safe. */
export const slug = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'use 1-64 letters, digits, dot, underscore or dash');

export const channelSchema = z.strictObject({
  label: z.string().min(1).max(64),
  /** Physical unit of the samples, e.g. 'uV'. */
  unit: z.string().min(1).max(16),
});

export const streamSchema = z.strictObject({
  id: slug,
  kind: z.enum(['eeg', 'exg', 'aux', 'accel', 'gyro', 'ppg', 'status', 'other']),
  sampleRateHz: z.number().positive().max(100_000),
  channels: z.array(channelSchema).min(1).max(1024),
});

const ms = z.number().min(0).max(600_000);

/**
 * Neurofeedback loop latency measured while the session recorded: from the host arrival of the newest
 * sample in the analysed window to the changed audio leaving the output, ms. Beside it, never added in:
 * the analysis window, the analysis filters' group delay at the band of interest and the device's packetisation.
 */
export const loopLatencySchema = z
  .strictObject({
    p50Ms: ms,
    p95Ms: ms,
    p99Ms: ms.optional(),
    /** Feedback updates the percentiles are computed from. */
    updates: z.number().int().min(1).max(1e9),
    /** Length of the analysed window, ms. */
    windowMs: ms.optional(),
    /** Group delay of the analysis filters at the band of interest, ms. */
    filterDelayMs: ms,
    /** The device's own buffering: one packet's span (Muse: 12 samples, 46.9 ms at 256 Hz), ms. */
    packetisationMs: ms.optional(),
  })
  .superRefine((l, ctx) => {
    if (l.p95Ms < l.p50Ms) ctx.addIssue({ code: 'custom', path: ['p95Ms'], message: `p95Ms (${l.p95Ms}) is below p50Ms (${l.p50Ms})` });
    if (l.p99Ms !== undefined && l.p99Ms < l.p95Ms)
      ctx.addIssue({ code: 'custom', path: ['p99Ms'], message: `p99Ms (${l.p99Ms}) is below p95Ms (${l.p95Ms})` });
  });
export type ServerLoopLatency = z.infer<typeof loopLatencySchema>;

/** The feedback mappings that steered the sound (workers/audio/feedback-mapping.ts) and the schedule's holds. */
export const feedbackRecordSchema = mappingSetSchema.extend({ holds: z.array(programHoldSchema).max(256).optional() });

export const sessionMetadataSchema = z
  .strictObject({
    device: z.strictObject({
      name: z.string().min(1).max(128),
      model: z.string().max(128).optional(),
      serial: z.string().max(128).optional(),
    }),
    streams: z.array(streamSchema).min(1).max(32),
    /** Wall-clock time of sample 0, ISO 8601 with offset. */
    startTime: z.iso.datetime({ offset: true }),
    /** How sample indices map to time: 'sample-rate' = index / sampleRateHz from startTime; 'device-clock' = the device's own counter. */
    timeBase: z.enum(['sample-rate', 'device-clock']),
    /** What the user calls the session ("Morning sit"); trimmed, at most 200 characters. */
    title: z
      .string()
      .trim()
      .max(200)
      .refine((t) => !t.includes('\u0000'), 'must not contain U+0000')
      .optional(),
    tags: z.array(z.string().min(1).max(64)).max(64).default([]),
    /** Neurofeedback loop latency, when training ran while recording (older clients sent it as nf-loop-latency-* tags). */
    loopLatency: loopLatencySchema.optional(),
    /** The feedback mapping in use while recording. */
    feedbackMapping: feedbackRecordSchema.optional(),
    notes: z.string().max(20_000).default(''),
    /**
     * What the client synced this session under: the user's consent (with the version of the text
     * agreed to and when), or 'loopback' for the studio's own server on the same computer.
     */
    consent: z
      .strictObject({
        basis: z.enum(['consent', 'loopback']),
        version: z.string().min(1).max(64),
        grantedAt: z.iso.datetime({ offset: true }).nullable(),
      })
      .optional(),
    /** Set on an end-to-end encrypted session: its chunks are encrypted (layout version 2), its title and notes are here, encrypted. */
    encryption: sessionEncryptionSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.encryption && value.title !== undefined)
      ctx.addIssue({ code: 'custom', path: ['title'], message: 'an end-to-end encrypted session carries its title encrypted in encryption.title' });
    if (value.encryption && value.notes !== '')
      ctx.addIssue({ code: 'custom', path: ['notes'], message: 'an end-to-end encrypted session carries its notes encrypted in encryption.notes' });
    const seen = new Set<string>();
    value.streams.forEach((stream, i) => {
      if (seen.has(stream.id)) ctx.addIssue({ code: 'custom', path: ['streams', i, 'id'], message: `stream id '${stream.id}' is used twice` });
      seen.add(stream.id);
    });
  });

export type SessionMetadata = z.infer<typeof sessionMetadataSchema>;

export const sessionSchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  /** metadata.title, or null when the session has none (kept in its own column for listing). */
  title: z.string().nullable(),
  metadata: sessionMetadataSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const sessionDetailSchema = sessionSchema.extend({
  streams: z.record(z.string(), z.object({ chunkCount: z.number().int(), sampleCount: z.number().int() })),
});

export const sessionListSchema = z.object({ sessions: z.array(sessionSchema), next: z.string().nullable() });

export const chunkReceiptSchema = z.object({
  sessionId: z.uuid(),
  stream: z.string(),
  seq: z.number().int(),
  firstSample: z.number().int(),
  sampleCount: z.number().int(),
  channelCount: z.number().int(),
  sha256: z.string(),
});

export const chunkListSchema = z.object({
  stream: z.string(),
  chunks: z.array(chunkReceiptSchema.pick({ seq: true, firstSample: true, sampleCount: true, sha256: true })),
  /** Pass as `after` to get the next page; null when this page is the last. */
  next: z.number().int().nullable(),
});

export const sessionEventSchema = z.strictObject({
  id: slug,
  kind: z.enum(['marker', 'gap']),
  /** Stream the event refers to; omit for the whole session. */
  stream: slug.optional(),
  onsetSec: z.number().min(0).max(1e9),
  durationSec: z.number().min(0).max(1e9),
  text: z.string().max(1000).default(''),
});

/**
 * An event as a client posts it: placed either by `onsetSec` on the session's timeline, or by
 * `atTime`, the instant it happened (for a program that marks a live recording, such as stimulus
 * software on the same machine); the server turns `atTime` into `onsetSec` from the session's startTime.
 */
export const sessionEventInputSchema = sessionEventSchema
  .extend({
    onsetSec: sessionEventSchema.shape.onsetSec.optional(),
    atTime: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((event, ctx) => {
    if ((event.onsetSec === undefined) === (event.atTime === undefined))
      ctx.addIssue({ code: 'custom', path: ['onsetSec'], message: 'give exactly one of onsetSec (s from the session start) or atTime (ISO 8601)' });
  });

export const eventBatchSchema = z.strictObject({ events: z.array(sessionEventInputSchema).min(1).max(10_000) });

export const sessionAnalysisRequestSchema = z.strictObject({
  /** Stream to analyse; defaults to the first EEG stream. */
  stream: slug.optional(),
});
