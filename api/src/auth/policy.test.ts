import { describe, expect, it } from 'vitest';
import { costOf, isAdminRoute, isDeviceRoute, isPublic, isStaticAsset, timeoutFor } from './policy.ts';

describe('route policy', () => {
  it('keeps the studio and its client-side routes public, the API not', () => {
    for (const path of [
      '/',
      '/live',
      '/sessions',
      '/status',
      '/settings',
      '/assets/index-abc.js',
      '/sw.js',
      '/health',
      '/alba/health',
      '/openapi.json',
      '/docs',
    ]) {
      expect(isPublic('GET', path), path).toBe(true);
    }
    for (const path of [
      '/api/v1/sessions',
      '/alba/data',
      '/data',
      '/status/dashboard',
      '/orchestrator/registry',
      '/jona/synthesize/x/audio',
      '/metrics',
    ]) {
      expect(isPublic('GET', path), path).toBe(false);
    }
    expect(isPublic('POST', '/live')).toBe(false);
    expect(isStaticAsset('HEAD', '/assets/a.wasm')).toBe(true);
  });

  it('confines device keys to ingest and admins to their routes, on main and compat paths', () => {
    expect(isDeviceRoute('POST', '/alba/ingest')).toBe(true);
    expect(isDeviceRoute('POST', '/ingest')).toBe(true);
    expect(isDeviceRoute('GET', '/alba/ingest')).toBe(false);
    expect(isDeviceRoute('PUT', '/api/v1/sessions/a/streams/eeg/chunks/3')).toBe(true);
    expect(isDeviceRoute('GET', '/api/v1/sessions/a/streams/eeg/chunks/3')).toBe(false);
    expect(isAdminRoute('/communicate')).toBe(true);
    expect(isAdminRoute('/orchestrator/metrics/aggregated')).toBe(true);
    expect(isAdminRoute('/api/v1/admin/users/x')).toBe(true);
    expect(isAdminRoute('/orchestrator/registry')).toBe(false);
  });

  it('weights costs by route and body size, and gives slow routes longer', () => {
    expect(costOf('GET', '/health', 0)).toBe(1);
    expect(costOf('GET', '/jona/synthesize/x/audio', 0)).toBe(20);
    expect(costOf('POST', '/alba/ingest', 200_000)).toBe(1 + 3);
    expect(timeoutFor('POST', '/api/v1/sessions/import', 30_000)).toBe(600_000);
    expect(timeoutFor('GET', '/api/v1/sessions', 30_000)).toBe(30_000);
  });
});
