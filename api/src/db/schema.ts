// The one drizzle schema of the Clisonix API. It runs unchanged on embedded PGlite (PostgreSQL 18
// in wasm) and on a PostgreSQL server (15+). Every row that belongs to somebody carries `owner_id`,
// so that the authentication layer (issue 4) only has to filter by it; in local mode the owner is
// the single implicit local owner (see middleware/identity).
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/** drizzle 0.45 pg-core has no bytea column: pg returns a Buffer, PGlite a Uint8Array; both are Uint8Array. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

/** A recording session synced from the PWA; metadata is versioned for If-Match. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey(),
    ownerId: text('owner_id').notNull(),
    version: integer('version').notNull(),
    /** metadata.title (null without one), written with the metadata so lists need not read the JSON. */
    title: text('title'),
    metadata: jsonb('metadata').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('sessions_owner_idx').on(t.ownerId, t.updatedAt)],
);

/** One binary chunk of samples (layout in contract/chunk.ts), idempotent on (session, stream, seq). */
export const chunks = pgTable(
  'chunks',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    stream: text('stream').notNull(),
    seq: integer('seq').notNull(),
    firstSample: bigint('first_sample', { mode: 'number' }).notNull(),
    sampleCount: integer('sample_count').notNull(),
    channelCount: integer('channel_count').notNull(),
    sha256: text('sha256').notNull(),
    data: bytea('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.stream, t.seq] })],
);

/** Markers and gaps of a session, keyed by a client-made id so that re-sending is safe. */
export const sessionEvents = pgTable(
  'session_events',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    kind: text('kind').notNull(),
    stream: text('stream'),
    onsetSec: doublePrecision('onset_sec').notNull(),
    durationSec: doublePrecision('duration_sec').notNull(),
    text: text('text').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.id] })],
);

/** ALBA telemetry readings; `seq` orders them and is the paging cursor. */
export const readings = pgTable(
  'readings',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull().unique(),
    ownerId: text('owner_id').notNull(),
    source: text('source').notNull(),
    type: text('type').notNull(),
    // json, not jsonb: kept as the JSON text it was written as and read back by JSON.parse. jsonb parses every
    // number into numeric on insert, about half the cost of storing a reading; nothing queries into it.
    payload: json('payload').notNull(),
    timestamp: timestamp('timestamp', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('readings_owner_time_idx').on(t.ownerId, t.timestamp)],
);

/** ALBI analyses (of posted channels or of a stored session), result in the original contract. */
export const analyses = pgTable(
  'analyses',
  {
    id: uuid('id').primaryKey(),
    ownerId: text('owner_id').notNull(),
    sessionId: uuid('session_id').references(() => sessions.id, { onDelete: 'cascade' }),
    sampleRateHz: doublePrecision('sample_rate_hz').notNull(),
    channelCount: integer('channel_count').notNull(),
    sampleCount: integer('sample_count').notNull(),
    result: jsonb('result').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('analyses_owner_time_idx').on(t.ownerId, t.createdAt)],
);

/** One row per anomaly found by an analysis, so that /anomalies can filter without scanning JSON. */
export const anomalies = pgTable(
  'anomalies',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    analysisId: uuid('analysis_id')
      .notNull()
      .references(() => analyses.id, { onDelete: 'cascade' }),
    ownerId: text('owner_id').notNull(),
    channel: text('channel').notNull(),
    kind: text('kind').notNull(),
    startSample: integer('start_sample').notNull(),
    endSample: integer('end_sample').notNull(),
    score: doublePrecision('score').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('anomalies_owner_time_idx').on(t.ownerId, t.createdAt)],
);

/** JONA synthesis requests; audio is rendered on demand from these parameters (deterministic seed). */
export const syntheses = pgTable('syntheses', {
  id: uuid('id').primaryKey(),
  ownerId: text('owner_id').notNull(),
  mode: text('mode').notNull(),
  frequencyHz: doublePrecision('frequency_hz').notNull(),
  durationSec: doublePrecision('duration_sec').notNull(),
  amplitude: doublePrecision('amplitude').notNull(),
  sampleRateHz: integer('sample_rate_hz').notNull(),
  bitDepth: integer('bit_depth').notNull(),
  voices: jsonb('voices'),
  /** Parameters a feedback mapping set on the preset's voices (POST /coordinate): [{ voice, param, value }]. */
  tuning: jsonb('tuning'),
  seed: integer('seed').notNull(),
  status: text('status').notNull(),
  createdAt: createdAt(),
});

/**
 * An account's eyes-open / eyes-closed neurofeedback baselines, one per headset (the device's name as
 * the studio knows it) and training target, so a new browser signed in to the account can reuse them.
 */
export const calibrations = pgTable(
  'calibrations',
  {
    ownerId: text('owner_id').notNull(),
    device: text('device').notNull(),
    target: text('target').notNull(),
    /** The studio's Calibration (workers/audio/neurofeedback.ts) as validated by the route. */
    calibration: jsonb('calibration').notNull(),
    madeAt: timestamp('made_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.device, t.target] })],
);

/**
 * End-to-end encryption of an account (api/src/contract/e2e-crypto.ts): the passphrase's KDF salt and
 * iteration count and the key check. None of it is secret; the key is only ever on the user's devices.
 */
export const accountEncryption = pgTable('account_encryption', {
  ownerId: text('owner_id').primaryKey(),
  /** Whether new sessions are sealed; sessions sealed before stay sealed. */
  enabled: boolean('enabled').notNull(),
  kdfIterations: integer('kdf_iterations').notNull(),
  /** base64 */
  kdfSalt: text('kdf_salt').notNull(),
  /** base64 of nonce | AES-GCM(key check text) | tag */
  keyCheck: text('key_check').notNull(),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** Packets routed by the orchestrator's /communicate (the log the original gateway kept). */
export const packets = pgTable('packets', {
  id: uuid('id').primaryKey(),
  ownerId: text('owner_id').notNull(),
  source: text('source').notNull(),
  destination: text('destination').notNull(),
  packetType: text('packet_type').notNull(),
  status: integer('status').notNull(),
  createdAt: createdAt(),
});

/** Browser clients that registered with the orchestrator; they expire without heartbeats. */
export const clients = pgTable('clients', {
  id: uuid('id').primaryKey(),
  ownerId: text('owner_id').notNull(),
  name: text('name').notNull(),
  capabilities: jsonb('capabilities').notNull(),
  devices: jsonb('devices').notNull(),
  lastSeen: timestamp('last_seen', { withTimezone: true, mode: 'date' }).notNull().default(sql`now()`),
});
export * from './schema-auth.ts';
export * from './schema-instances.ts';
