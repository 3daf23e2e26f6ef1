// Builds an app like the server does, but with a chosen security configuration, on in-memory
// PGlite (same migrations as production), plus small request helpers shared by the suite.
import pino from 'pino';
import { count } from 'drizzle-orm';
import { createApp } from '../../src/app.ts';
import { securityConfigFromEnv, type SecurityConfig } from '../../src/auth/config.ts';
import { configureSecurity, securityRuntime } from '../../src/auth/runtime.ts';
import { encodeChunk, sha256Hex, CHUNK_CONTENT_TYPE } from '../../src/contract/chunk.ts';
import * as schema from '../../src/db/schema.ts';
import { createServices, type Services } from '../../src/services.ts';
import { startPostgres } from '../../src/testing/postgres.ts';
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';

export interface SecureApi {
  app: ReturnType<typeof createApp>;
  services: Services;
  config: SecurityConfig;
  close(): Promise<void>;
}

/** Cloud-mode config with budgets large enough for a suite, unless overridden. */
export function testConfig(overrides: Partial<SecurityConfig> = {}): SecurityConfig {
  const base = securityConfigFromEnv({ AUTH: 'required', AUTH_ADMIN_EMAILS: 'admin@example.org' });
  const big = { limit: 1_000_000, windowMs: 900_000 };
  return { ...base, budgets: { ...base.budgets, anonymous: big, auth: big, identity: big }, ...overrides };
}

/** An app on in-memory PGlite, or on a PostgreSQL server started for it (`kind: 'postgres'`). */
export async function openSecureApi(config: SecurityConfig = testConfig(), kind: 'pglite' | 'postgres' = 'pglite'): Promise<SecureApi> {
  const server = kind === 'postgres' ? await startPostgres() : undefined;
  const services = await createServices({ dataDir: 'memory://', databaseUrl: server?.url, logger: pino({ level: 'silent' }) });
  configureSecurity(services, config);
  const app = createApp({ services });
  return {
    app,
    services,
    config,
    async close() {
      await services.database.close();
      await server?.stop();
    },
  };
}

/** The server's own signing key (to mint tokens with chosen claims, as an attacker could not). */
export async function serverKeys(api: SecureApi) {
  return securityRuntime(api.services).keys();
}

export const metadata = {
  device: { name: 'Muse S' },
  streams: [{ id: 'eeg', kind: 'eeg', sampleRateHz: 256, channels: ['TP9', 'AF7'].map((label) => ({ label, unit: 'uV' })) }],
  startTime: '2024-05-01T10:00:00.000Z',
  timeBase: 'sample-rate',
  tags: [],
  notes: '',
};

export function client(api: SecureApi, token?: string) {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const request = (method: string, path: string, init: { body?: unknown; headers?: Record<string, string>; raw?: BodyInit } = {}) =>
    api.app.request(path, {
      method,
      headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...auth, ...init.headers },
      body: init.raw ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
    });
  return {
    request,
    get: (path: string, headers?: Record<string, string>) => request('GET', path, { headers }),
    json: (method: string, path: string, body: unknown, headers?: Record<string, string>) => request(method, path, { body, headers }),
    async putChunk(sessionId: string, seq: number, first = seq * 4) {
      const bytes = encodeChunk({ firstSample: first, channels: [Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8)] });
      return request('PUT', `/api/v1/sessions/${sessionId}/streams/eeg/chunks/${seq}`, {
        raw: bytes,
        headers: { 'content-type': CHUNK_CONTENT_TYPE, 'x-chunk-sha256': await sha256Hex(bytes) },
      });
    },
  };
}

/** Registers and logs in; returns the access token and the refresh cookie pair. */
export async function account(api: SecureApi, email: string, password = 'a long enough passphrase') {
  const c = client(api);
  const reg = await c.json('POST', '/api/v1/auth/register', { email, password });
  if (reg.status !== 201) throw new Error(`register ${email}: ${reg.status} ${await reg.text()}`);
  const user = await reg.json();
  const login = await c.json('POST', '/api/v1/auth/login', { email, password });
  if (login.status !== 200) throw new Error(`login ${email}: ${login.status}`);
  return { id: user.id as string, email, password, token: (await login.json()).access_token as string, cookie: cookieOf(login) };
}

/** `__Host-clisonix_refresh=<value>` from a response's Set-Cookie. */
export function cookieOf(res: Response): string {
  const header = res.headers.get('set-cookie') ?? '';
  const match = /__Host-clisonix_refresh=([^;]*)/.exec(header);
  return match ? `__Host-clisonix_refresh=${match[1]}` : '';
}

/**
 * Row count of every data table: a fingerprint of the database to prove a request changed nothing.
 * Rate-limit counters are left out: on PostgreSQL every request, refused or not, is counted there.
 */
export async function rowCounts(api: SecureApi): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of Object.values(schema) as unknown[]) {
    if (!is(table, PgTable) || getTableName(table) === 'rate_limit_counters') continue;
    const [row] = await api.services.database.db.select({ n: count() }).from(table);
    out[getTableName(table)] = Number(row.n);
  }
  return out;
}
