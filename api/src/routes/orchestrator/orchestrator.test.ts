// Orchestrator routes in-process against PGlite and a real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { eq } from 'drizzle-orm';
import { backends, openTestApi, type TestApi } from '../../testing/backends.ts';
import { clients, packets } from '../../db/schema.ts';

const capabilities = { web_bluetooth: true, web_serial: false, audio_worklet: true, wasm_simd: true, cross_origin_isolated: true };

describe.each(backends)('orchestrator on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await openTestApi(kind);
  });
  afterAll(async () => api?.close());
  const send = (method: string, path: string, body: unknown) =>
    api.app.request(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('builds the registry from live health checks and lists registered clients until they expire', async () => {
    const registered = await send('POST', '/orchestrator/clients', {
      name: 'studio',
      capabilities,
      devices: [{ kind: 'muse', name: 'Muse-1234', state: 'streaming' }],
    });
    expect(registered.status).toBe(201);
    const { client_id } = await registered.json();
    const registry = await (await api.app.request('/orchestrator/registry')).json();
    expect(new Date(registry.timestamp).toISOString()).toBe(registry.timestamp);
    for (const name of ['alba', 'albi', 'jona']) {
      expect(registry.services[name]).toMatchObject({ name, status: 'online', health: 1, checks: { database: true } });
    }
    expect(registry.services.albi.checks.wasm).toBe(true);
    expect(registry.services.jona.checks).toMatchObject({ wasm: true, queue_depth: 0 });
    expect(registry.clients).toEqual([expect.objectContaining({ client_id, name: 'studio', capabilities })]);
    // Heartbeat refreshes; a client silent past the TTL drops out and must register again.
    expect((await send('PUT', `/orchestrator/clients/${client_id}`, { name: 'studio', capabilities, devices: [] })).status).toBe(200);
    await api.services.database.db
      .update(clients)
      .set({ lastSeen: new Date(Date.now() - 120_000) })
      .where(eq(clients.id, client_id));
    expect((await (await api.app.request('/orchestrator/registry')).json()).clients).toEqual([]);
    // A heartbeat after expiry (a throttled hidden tab) brings the same client back under its id.
    const revived = await send('PUT', `/orchestrator/clients/${client_id}`, { name: 'studio', capabilities, devices: [] });
    expect(revived.status).toBe(200);
    expect((await (await api.app.request('/orchestrator/registry')).json()).clients).toEqual([expect.objectContaining({ client_id })]);
    // An id that was never registered is still refused.
    expect((await send('PUT', `/orchestrator/clients/${crypto.randomUUID()}`, { name: 'studio', capabilities, devices: [] })).status).toBe(404);
    const bad = await send('POST', '/orchestrator/clients', { name: 'x', capabilities: { ...capabilities, web_usb: true }, devices: [] });
    expect((await bad.json()).errors[0].path).toBe('body.capabilities.web_usb');
  });

  it('routes packets to the destination handler, logs them, and refuses unknown packet types', async () => {
    const res = await send('POST', '/orchestrator/communicate', {
      source: 'alba',
      destination: 'albi',
      packet_type: 'telemetry',
      payload: { channels: { channel_1: [1, 2, 3, 4] } },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ source: 'alba', destination: 'albi', packet_type: 'telemetry', status: 'delivered' });
    expect(body.response.statistics.channel_1.mean).toBeCloseTo(2.5, 6);
    const toAlba = await (
      await send('POST', '/orchestrator/communicate', {
        source: 'script',
        destination: 'alba',
        packet_type: 'ingest',
        payload: { source: 's1', type: 'eeg', payload: { v: 1 } },
      })
    ).json();
    expect(toAlba.response.status).toBe('ingested');
    const badPayload = await send('POST', '/orchestrator/communicate', {
      source: 'x',
      destination: 'jona',
      packet_type: 'synthesize',
      payload: { mode: 'relax' },
    });
    expect(badPayload.status).toBe(400);
    expect((await badPayload.json()).errors.map((e: { path: string }) => e.path)).toContain('body.payload.frequency');
    const unknown = await send('POST', '/orchestrator/communicate', { source: 'x', destination: 'alba', packet_type: 'dance', payload: {} });
    expect(unknown.status).toBe(400);
    const logged = await api.services.database.db.select({ status: packets.status, n: count() }).from(packets).groupBy(packets.status);
    expect(Object.fromEntries(logged.map((r) => [r.status, Number(r.n)]))).toEqual({ 200: 2, 400: 2 });
  });

  it('summarises the system and exposes metrics as JSON and Prometheus text', async () => {
    const dashboard = await (await api.app.request('/orchestrator/status/dashboard')).json();
    expect(dashboard).toMatchObject({
      overall: 'online',
      database: { kind: kind === 'postgres' ? 'postgres' : 'pglite', reachable: true },
      queue_depth: 0,
    });
    expect(dashboard.totals.readings).toBeGreaterThanOrEqual(1);
    const aggregated = await (await api.app.request('/orchestrator/metrics/aggregated')).json();
    expect(aggregated.alba.total_ingested).toBe(dashboard.totals.readings);
    expect(aggregated.albi.analyses).toBeGreaterThanOrEqual(1);
    const prom = await api.app.request('/orchestrator/metrics');
    expect(prom.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await prom.text();
    expect(text).toMatch(/clisonix_http_requests_total\{method="POST",route="\/orchestrator\/communicate",status="200"\} 2/);
    expect(text).toMatch(/clisonix_alba_readings_ingested_total 1/);
    expect(text).toMatch(/clisonix_db_duration_seconds_count\{op="readings.insert"\} 1/);
    expect(text).toContain('clisonix_jona_queue_depth 0');
  });

  it('publishes OpenAPI 3.1 generated from the validating schemas, and an offline explorer', async () => {
    const spec = await (await api.app.request('/openapi.json')).json();
    expect(spec.openapi).toBe('3.1.0');
    for (const path of [
      '/api/v1/sessions/{id}',
      '/api/v1/sessions/{id}/streams/{stream}/chunks/{seq}',
      '/alba/ingest',
      '/albi/analyze',
      '/jona/synthesize/{id}/audio',
      '/orchestrator/registry',
      '/health/live',
      '/health/ready',
    ]) {
      expect(spec.paths[path], path).toBeDefined();
    }
    expect(spec.components.schemas.SynthesizeRequest.properties.duration.maximum).toBe(86400);
    expect(spec.components.schemas.SynthesizeRequest.required).not.toContain('amplitude');
    expect(spec.components.schemas.SynthesizeRequest.properties.amplitude.default).toBe(0.7);
    const docs = await api.app.request('/docs');
    const html = await docs.text();
    expect(html).toContain('<script type="module" src="/docs/explorer.js"></script>');
    expect(html).not.toMatch(/https?:\/\//); // nothing from a CDN
    expect(docs.headers.get('content-security-policy')).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect((await api.app.request('/docs/explorer.js')).headers.get('content-type')).toMatch(/javascript/);
    expect((await api.app.request('/api/v1/nothing')).status).toBe(404);
  });
});
