import { expect, test } from 'vitest';
import { createApp } from './app.ts';
import { openTestApi } from './testing/backends.ts';
import { parseSyncOrigins } from './sync-origins.ts';

test('STUDIO_SYNC_ORIGINS: origins of the URLs listed, a bad entry named', () => {
  expect(parseSyncOrigins(undefined)).toEqual([]);
  expect(parseSyncOrigins(' https://a.example/path , http://127.0.0.1:9000 ')).toEqual(['https://a.example', 'http://127.0.0.1:9000']);
  expect(() => parseSyncOrigins('https://a.example,clisonix')).toThrow("STUDIO_SYNC_ORIGINS: 'clisonix' is not a URL");
  expect(() => parseSyncOrigins('ftp://a.example')).toThrow("'ftp://a.example' must be http: or https:");
});

test("the studio's Content-Security-Policy lets it connect to its own origin and to the sync origins only", async () => {
  const api = await openTestApi('pglite');
  try {
    const csp = async (syncOrigins?: string[]) =>
      (await createApp({ services: api.services, syncOrigins }).request('http://127.0.0.1:8000/health')).headers.get('content-security-policy') ?? '';
    expect(await csp()).toMatch(/connect-src 'self'(;|$)/);
    expect(await csp(['https://a.example'])).toMatch(/connect-src 'self' https:\/\/a\.example(;|$)/);
  } finally {
    await api.close();
  }
});
