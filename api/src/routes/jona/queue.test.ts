// GET /jona/queue in cloud mode: each user sees their own synthesis jobs and renders, an admin
// sees everybody's. On PGlite and a real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { account, client, openSecureApi, type SecureApi } from '../../../tests/security/helpers.ts';
import { backends } from '../../testing/backends.ts';

describe.each(backends)('JONA queue per user on %s', (kind) => {
  let api: SecureApi;
  beforeAll(async () => {
    api = await openSecureApi(undefined, kind);
  });
  afterAll(() => api?.close());

  it("lists only the caller's jobs and renders; an admin sees all of them", async () => {
    const [alice, bob, admin] = [
      await account(api, 'alice@example.org'),
      await account(api, 'bob@example.org'),
      await account(api, 'admin@example.org'),
    ];
    const [a, b, root] = [client(api, alice.token), client(api, bob.token), client(api, admin.token)];
    const create = async (as: typeof a) =>
      (await (await as.json('POST', '/jona/synthesize', { mode: 'relax', frequency: 10, duration: 20 })).json()).synthesis_id;
    const aliceJobs = [await create(a), await create(a)];
    const bobJob = await create(b);
    // Alice listens to one of hers: the render stays in flight while the stream is open.
    const audio = await a.get(`/jona/synthesize/${aliceJobs[0]}/audio`);
    const reader = audio.body!.getReader();
    await reader.read();
    try {
      const queue = async (as: typeof a) => {
        const res = await as.get('/jona/queue');
        expect(res.status).toBe(200);
        return res.json();
      };
      expect(await queue(a)).toMatchObject({
        queue_depth: 1,
        jobs: { generated: 2, rendering: 1 },
        rendering: [{ synthesis_id: aliceJobs[0], streams: 1 }],
      });
      const bobs = await queue(b);
      expect(bobs).toMatchObject({ queue_depth: 0, jobs: { generated: 1, rendering: 0 }, rendering: [] });
      expect(JSON.stringify(bobs)).not.toContain(aliceJobs[0]);
      expect(await queue(root)).toMatchObject({ queue_depth: 1, jobs: { generated: 3, rendering: 1 }, rendering: [{ synthesis_id: aliceJobs[0] }] });
      expect(bobJob).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await reader.cancel();
    }
    expect((await (await a.get('/jona/queue')).json()).queue_depth).toBe(0);
    expect((await client(api).get('/jona/queue')).status).toBe(401);
  });
});
