// Against a real (in-memory) PGlite database with the migrations.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/client.ts';
import { loadSigningKey, parseConfiguredKey } from './signing-key.ts';

let database: Database;
beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
});
afterAll(() => database.close());

describe('signing key', () => {
  it('is generated once and then always the same (two instances starting together agree)', async () => {
    const [a, b] = await Promise.all([loadSigningKey(database.db), loadSigningKey(database.db)]);
    const pem = (k: typeof a) => k.export({ type: 'pkcs8', format: 'pem' });
    expect(pem(a)).toEqual(pem(b));
    expect(pem(await loadSigningKey(database.db))).toEqual(pem(a));
    expect(a.asymmetricKeyType).toBe('ed25519');
  });

  it('comes from configuration when given, and only an Ed25519 key is accepted', async () => {
    const configured = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect((await loadSigningKey(database.db, configured)).export({ type: 'pkcs8', format: 'pem' })).toBe(configured);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => parseConfiguredKey(rsa)).toThrow(/Ed25519/);
  });
});
