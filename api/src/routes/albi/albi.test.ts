// ALBI routes in-process against PGlite and a real PostgreSQL, analysing with the real albi.wasm.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { backends, openTestApi, type TestApi } from '../../testing/backends.ts';
import { analyses } from '../../db/schema.ts';

const sine = (hz: number, n: number, amplitude = 20) =>
  Array.from({ length: n }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / 256) + 0.5 * Math.sin(i * 1.3));

describe.each(backends)('ALBI on %s', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await openTestApi(kind);
  });
  afterAll(async () => api?.close());
  const analyze = (body: unknown) =>
    api.app.request('/albi/analyze', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('answers the original contract: statistics, confidence, bands, peak alpha and quality; a 10 Hz sine is alpha', async () => {
    const samples = sine(10, 256 * 8);
    const res = await analyze({ channels: { channel_1: samples }, sample_rate: 256 });
    expect(res.status).toBe(200);
    const body = await res.json();
    const stats = body.statistics.channel_1;
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    const std = Math.sqrt(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / samples.length); // population
    expect(stats.mean).toBeCloseTo(mean, 3);
    expect(stats.std_dev).toBeCloseTo(std, 2);
    expect(stats.min).toBeCloseTo(Math.min(...samples), 3);
    expect(stats.max).toBeCloseTo(Math.max(...samples), 3);
    expect(stats).toHaveProperty('median');
    expect(stats.outliers).toBe(0);
    expect(body.bands.channel_1.relative.alpha).toBeGreaterThan(0.9);
    expect(Object.keys(body.bands.channel_1.absolute).sort()).toEqual(['alpha', 'beta', 'delta', 'gamma', 'theta']);
    expect(body.peak_alpha_hz.channel_1).toBeCloseTo(10, 0);
    expect(body.confidence).toBeGreaterThan(0);
    expect(body.confidence).toBeLessThanOrEqual(1);
    expect(body.quality.channel_1.score).toBeGreaterThan(0.5);
    expect(Array.isArray(body.anomalies)).toBe(true);
  });

  it('gives statistics only (no bands) for a short signal, and says why', async () => {
    const body = await (await analyze({ channels: { channel_1: [1.0, 1.2, 0.8, 1.1] } })).json();
    expect(body.statistics.channel_1.mean).toBeCloseTo(1.025, 5);
    expect(body.bands).toBeUndefined();
    expect(body.skipped).toMatch(/too short/);
  });

  it('refuses bad input naming the field and stores no analysis', async () => {
    const [{ n: before }] = await api.services.database.db.select({ n: count() }).from(analyses);
    const cases: [unknown, string][] = [
      [{ channels: { channel_1: [1, 'x'] } }, 'body.channels.channel_1.1'],
      [{ channels: { channel_1: [1, 2], channel_2: [1] } }, 'body.channels'],
      [{ channels: { channel_1: [1, 2] }, sample_rate: 0 }, 'body.sample_rate'],
      [{ channels: {} }, 'body.channels'],
      [{ channels: { channel_1: [1] }, extra: true }, 'body.extra'],
      ['{"channels":{"channel_1":[1e999]}}', 'body.channels.channel_1.0'],
    ];
    for (const [body, path] of cases) {
      const res = await analyze(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const [{ n: after }] = await api.services.database.db.select({ n: count() }).from(analyses);
    expect(Number(after)).toBe(Number(before));
  });

  it('finds anomalies, lists them filtered, and turns recent analyses into insights', async () => {
    const samples = sine(10, 256 * 8);
    for (let i = 700; i < 1200; i++) samples[i] = 0; // a flat stretch
    for (let i = 1500; i < 1510; i++) samples[i] = 4000; // a huge jump
    const body = await (await analyze({ channels: { channel_1: samples }, sample_rate: 256 })).json();
    expect(body.anomalies.length).toBeGreaterThan(0);
    const type = body.anomalies[0].type;
    const listed = await (await api.app.request(`/albi/anomalies?analysis_id=${body.analysis_id}&type=${type}`)).json();
    expect(listed.anomalies.length).toBeGreaterThan(0);
    expect(listed.anomalies.every((a: { type: string; analysis_id: string }) => a.type === type && a.analysis_id === body.analysis_id)).toBe(true);
    expect((await api.app.request('/albi/anomalies?type=sneeze')).status).toBe(400);
    await analyze({ channels: { channel_1: sine(10, 256 * 8) }, sample_rate: 256 }); // one more clean alpha recording
    const insights = await (await api.app.request('/albi/insights')).json();
    expect(insights.analyses_considered).toBeGreaterThanOrEqual(2);
    expect(insights.insights.find((i: { kind: string }) => i.kind === 'dominant_band').message).toMatch(
      /^Alpha dominated in 2 of the last 3 analyses/,
    );
    const metrics = await (await api.app.request('/albi/metrics')).json();
    expect(metrics.total_analyses).toBeGreaterThanOrEqual(3);
    expect(await (await api.app.request('/albi/health')).json()).toMatchObject({ status: 'online', checks: { database: true, wasm: true } });
  });
});
