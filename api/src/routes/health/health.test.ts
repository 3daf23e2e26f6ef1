// Health that can fail, on PGlite and a real PostgreSQL: each check is broken for real (a
// database that stops answering or is gone, a kernel file that no longer loads, a full render
// queue, a disk-space probe reporting little room) and /health, /health/ready, /health/live, each
// service's /health and the orchestrator's /registry and dashboard must say so, with the reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, rmSync, truncateSync, unlinkSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { account, client, openSecureApi } from '../../../tests/security/helpers.ts';
import { createApp } from '../../app.ts';
import { createEngines } from '../../engines.ts';
import { createServices, type Services } from '../../services.ts';
import { backends } from '../../testing/backends.ts';
import { startPostgres, type RunningPostgres } from '../../testing/postgres.ts';
import { createHealthChecks, healthOptionsFromEnv, type HealthOptions } from './checks.ts';

const MiB = 1024 * 1024;

describe.each(backends)('health on %s', (kind) => {
  let services: Services;
  let app: ReturnType<typeof createApp>;
  let server: RunningPostgres | undefined;
  const folder = mkdtempSync(path.join(tmpdir(), 'clisonix-health-'));
  const files = { albi: path.join(folder, 'albi.wasm'), jona: path.join(folder, 'jona.wasm') };
  beforeAll(async () => {
    server = kind === 'postgres' ? await startPostgres() : undefined;
    const engines = createEngines({ files });
    for (const name of ['albi', 'jona'] as const) copyFileSync(createEngines().files[name], files[name]);
    services = await createServices({ databaseUrl: server?.url, dataDir: 'memory://', logger: pino({ level: 'silent' }), engines });
    app = createApp({ services });
  });
  afterAll(async () => {
    await services?.database.close();
    await server?.stop();
    rmSync(folder, { recursive: true, force: true });
  });
  /** Fresh checks with these limits (no reuse of results unless asked). */
  const checksWith = (options: Partial<HealthOptions> = {}) => (services.health = createHealthChecks(services, { cacheMs: 0, ...options }));
  const get = async (url: string) => {
    const res = await app.request(url);
    return { status: res.status, body: await res.json() };
  };
  const restoreKernels = () => {
    for (const name of ['albi', 'jona'] as const) copyFileSync(createEngines().files[name], files[name]);
  };

  it('says online everywhere while every check passes', async () => {
    checksWith();
    const health = await get('/health');
    expect(health).toMatchObject({
      status: 200,
      body: { status: 'online', reasons: [], checks: { database: true, wasm: { albi: true, jona: true }, queue_depth: 0 } },
    });
    expect(health.body.checks.disk_free_bytes).toBeUndefined(); // in memory: no data folder to watch
    expect(await get('/health/ready')).toMatchObject({ status: 200, body: { ready: true, reasons: [] } });
    expect(await get('/health/live')).toMatchObject({ status: 200, body: { status: 'alive' } });
    const registry = (await get('/orchestrator/registry')).body;
    for (const name of ['alba', 'albi', 'jona']) expect(registry.services[name]).toMatchObject({ status: 'online', health: 1, reasons: [] });
  });

  it('goes offline, not ready, with the reason, while the database does not answer; alive all along; back when it answers', async () => {
    checksWith({ databaseTimeoutMs: 300 });
    // Every connection held by a transaction that waits on something else (PGlite has one connection,
    // the PostgreSQL pool ten): statements queue behind them and a probe waits in vain.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const busy = Promise.all(
      Array.from({ length: kind === 'postgres' ? 10 : 1 }, () =>
        services.database.db.transaction(async (tx) => {
          await tx.execute(sql`select 1`);
          await held;
        }),
      ),
    );
    await new Promise((r) => setTimeout(r, 100));
    const ready = await get('/health/ready');
    expect(ready).toMatchObject({ status: 503, body: { ready: false, reasons: ['database: no answer within 300 ms'] } });
    expect(await get('/health')).toMatchObject({ status: 503, body: { status: 'offline', checks: { database: false } } });
    const jona = await get('/jona/health');
    expect(jona).toMatchObject({ status: 503, body: { status: 'offline', health: 0, reasons: ['database: no answer within 300 ms'] } });
    const registry = await get('/orchestrator/registry');
    expect(registry.status).toBe(200);
    for (const name of ['alba', 'albi', 'jona'])
      expect(registry.body.services[name]).toMatchObject({ status: 'offline', checks: { database: false } });
    const dashboard = (await get('/orchestrator/status/dashboard')).body;
    expect(dashboard).toMatchObject({ overall: 'offline', database: { reachable: false }, reasons: ['database: no answer within 300 ms'] });
    expect(await get('/health/live')).toMatchObject({ status: 200, body: { status: 'alive' } });
    release();
    await busy;
    // back as soon as the probe queued behind the transactions has its answer (a moment after they end)
    await expect.poll(async () => (await get('/health/ready')).status, { timeout: 5000 }).toBe(200);
    expect(await get('/health/ready')).toMatchObject({ status: 200, body: { ready: true } });
    expect((await get('/health')).body.status).toBe('online');
  });

  it('makes a burst of probes cost one database round trip while a result is reused', async () => {
    checksWith({ cacheMs: 60_000 });
    const execute = services.database.db.execute.bind(services.database.db);
    let calls = 0;
    services.database.db.execute = ((query: never) => {
      calls++;
      return execute(query);
    }) as typeof execute;
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, () => app.request('/health/ready')));
      expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect(calls).toBe(1);
    } finally {
      services.database.db.execute = execute;
    }
  });

  it('degrades ALBI, then JONA, when its kernel file can no longer be loaded, and recovers when it can', async () => {
    checksWith();
    truncateSync(files.albi, 1000); // a build cut short
    const albi = await get('/albi/health');
    expect(albi).toMatchObject({ status: 200, body: { status: 'degraded', health: 0.5, checks: { database: true, wasm: false } } });
    expect(albi.body.reasons).toEqual([expect.stringMatching(/^albi\.wasm: cannot be loaded \(.+\)$/)]);
    expect((await get('/alba/health')).body.status).toBe('online'); // ALBA needs no kernel
    const health = await get('/health');
    expect(health).toMatchObject({ status: 200, body: { status: 'degraded', checks: { wasm: { albi: false, jona: true } } } });
    expect((await get('/health/ready')).status).toBe(200);
    unlinkSync(files.jona);
    const registry = (await get('/orchestrator/registry')).body.services;
    expect(registry.albi.status).toBe('degraded');
    expect(registry.jona).toMatchObject({ status: 'degraded', checks: { wasm: false } });
    expect(registry.jona.reasons[0]).toMatch(/^jona\.wasm: cannot be loaded \(.*ENOENT/);
    restoreKernels();
    expect((await get('/health')).body).toMatchObject({ status: 'online', reasons: [] });
  });

  it('degrades JONA while more renders are in flight than its queue takes', async () => {
    checksWith({ queueLimit: 2 });
    const post = await app.request('/jona/synthesize', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'sleep', frequency: 2, duration: 60 }),
    });
    const { synthesis_id: id } = await post.json();
    const readers = [];
    for (let i = 0; i < 3; i++) {
      const reader = (await app.request(`/jona/synthesize/${id}/audio`)).body!.getReader();
      await reader.read();
      readers.push(reader);
    }
    try {
      const jona = await get('/jona/health');
      expect(jona).toMatchObject({ status: 200, body: { status: 'degraded', health: 0.75, checks: { queue_depth: 3 } } });
      expect(jona.body.reasons).toEqual(['queue: 3 renders in flight, more than 2']);
      expect((await get('/orchestrator/registry')).body.services.jona.status).toBe('degraded');
      expect((await get('/health')).body).toMatchObject({ status: 'degraded', checks: { queue_depth: 3 } });
    } finally {
      await Promise.all(readers.map((r) => r.cancel()));
    }
    expect((await get('/jona/health')).body).toMatchObject({ status: 'online', checks: { queue_depth: 0 } });
  });

  it('degrades every service when the data folder runs short of disk, and reports the real free space otherwise', async () => {
    checksWith({ dataDir: folder, minFreeBytes: 256 * MiB, diskProbe: async () => ({ freeBytes: 10 * MiB, totalBytes: 100_000 * MiB }) });
    const registry = (await get('/orchestrator/registry')).body.services;
    for (const name of ['alba', 'albi', 'jona']) {
      expect(registry[name]).toMatchObject({ status: 'degraded', health: 0.5, checks: { disk_free_bytes: 10 * MiB } });
      expect(registry[name].reasons).toEqual(['disk: 10 MiB free for the data folder, under the 256 MiB writes need']);
    }
    expect((await get('/health')).body.status).toBe('degraded');
    expect((await get('/health/ready')).status).toBe(200); // reads still work
    // The real probe (statfs) on the real folder.
    checksWith({ dataDir: folder, minFreeBytes: 1 });
    const measured = (await get('/health')).body.checks.disk_free_bytes;
    const s = await statfs(folder);
    expect(Math.abs(measured - s.bavail * s.bsize)).toBeLessThan(64 * MiB);
    checksWith({ dataDir: folder, diskProbe: async () => Promise.reject(new Error('EIO: i/o error')) });
    expect((await get('/alba/health')).body.reasons).toEqual(['disk: cannot read the free space of the data folder (EIO: i/o error)']);
  });

  it('goes offline and not ready with the driver’s reason when the database is gone', async () => {
    checksWith();
    if (server)
      await server.stop(); // the PostgreSQL server shuts down
    else await services.database.close(); // PGlite closed under the server
    const ready = await get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.reasons).toEqual([expect.stringMatching(/^database: .+/)]);
    expect(ready.body.reasons[0]).not.toMatch(/no answer within/);
    expect(await get('/health')).toMatchObject({ status: 503, body: { status: 'offline' } });
    expect((await get('/orchestrator/registry')).body.clients).toEqual([]);
    expect((await get('/health/live')).status).toBe(200);
  });
});

describe('health in cloud mode', () => {
  it('answers liveness and readiness without a token (load balancers), and the data folder of PGlite is watched', async () => {
    const api = await openSecureApi();
    try {
      for (const url of ['/health', '/health/live', '/health/ready', '/jona/health']) expect((await client(api).get(url)).status, url).toBe(200);
      const { token } = await account(api, 'someone@example.org');
      expect((await client(api, token).get('/health/ready')).status).toBe(200);
    } finally {
      await api.close();
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'clisonix-health-data-'));
    const services = await createServices({ dataDir: dir, logger: pino({ level: 'silent' }) });
    try {
      expect(services.health.options.dataDir).toBe(path.resolve(dir));
      expect((await services.health.disk())?.ok).toBe(true);
    } finally {
      await services.database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('health limits from the environment', () => {
  it('reads positive whole numbers and names the variable of a bad one', () => {
    expect(healthOptionsFromEnv({ HEALTH_DB_TIMEOUT_MS: '250', JONA_QUEUE_LIMIT: '32', MIN_FREE_DISK_MB: '1024', OTHER: 'x' })).toEqual({
      databaseTimeoutMs: 250,
      queueLimit: 32,
      minFreeBytes: 1024 * MiB,
    });
    expect(healthOptionsFromEnv({})).toEqual({});
    expect(() => healthOptionsFromEnv({ JONA_QUEUE_LIMIT: 'lots' })).toThrow("JONA_QUEUE_LIMIT must be a positive whole number, not 'lots'");
    expect(() => healthOptionsFromEnv({ HEALTH_DB_TIMEOUT_MS: '0' })).toThrow(/^HEALTH_DB_TIMEOUT_MS must be/);
    expect(() => healthOptionsFromEnv({ MIN_FREE_DISK_MB: '-5' })).toThrow(/^MIN_FREE_DISK_MB must be/);
  });
});
