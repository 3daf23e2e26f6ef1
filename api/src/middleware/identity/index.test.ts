import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { identity, LOCAL_OWNER_ID } from './index.ts';

describe('identity middleware', () => {
  it('acts for the local owner when nothing set an identity', async () => {
    const app = new Hono<AppEnv>().use('*', identity()).get('/', (c) => c.json(c.get('identity')));
    expect(await (await app.request('/')).json()).toMatchObject({ ownerId: LOCAL_OWNER_ID, kind: 'local' });
  });

  it('keeps an identity set by an earlier (authentication) middleware', async () => {
    const app = new Hono<AppEnv>()
      .use('*', async (c, next) => {
        c.set('identity', { ownerId: 'user-42', kind: 'user', role: 'user' });
        await next();
      })
      .use('*', identity())
      .get('/', (c) => c.json(c.get('identity')));
    expect(await (await app.request('/')).json()).toMatchObject({ ownerId: 'user-42', role: 'user' });
  });
});
