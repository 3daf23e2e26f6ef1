// The group-commit batcher against a real (in-memory) PGlite: concurrent requests share writes,
// nothing resolves before its commit, a refused row fails only its own request, a dead database
// fails everybody and keeps nothing.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWriteBatcher } from './write-batcher.ts';

type Row = { id: number; v: string };

describe('createWriteBatcher on PGlite', () => {
  let db: PGlite;
  const writes: number[] = [];
  const insert = async (rows: Row[]) => {
    writes.push(rows.length);
    // One multi-row statement: atomic on its own. CHECK makes 'bad' a row the database refuses.
    const values = rows.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(',');
    await db.query(
      `insert into t (id, v) values ${values}`,
      rows.flatMap((r) => [r.id, r.v]),
    );
  };
  const ids = async () => (await db.query<{ id: number }>('select id from t order by id')).rows.map((r) => r.id);

  const createTable = () => db.exec(`create table t (id int primary key, v text not null check (v <> 'bad'))`);

  // One database for the file (opening PGlite takes seconds on a busy machine); emptied per test.
  beforeAll(async () => {
    db = new PGlite();
    await createTable();
  });
  beforeEach(async () => {
    await db.exec('truncate t');
    writes.length = 0;
  });
  afterAll(async () => {
    if (!db.closed) await db.close();
  });

  it('commits concurrent requests in fewer writes, each resolved only once its rows are readable', async () => {
    const batcher = createWriteBatcher<Row>({ write: insert, maxRows: 1000, maxWaitMs: 1 });
    const seenAtResolve: boolean[] = [];
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        batcher.add([{ id: i, v: 'ok' }]).then(async () => {
          // Another reader of the same database sees the row the moment the promise resolves.
          seenAtResolve.push((await db.query('select 1 from t where id = $1', [i])).rows.length === 1);
        }),
      ),
    );
    expect(seenAtResolve).toEqual(Array(50).fill(true));
    expect(await ids()).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(writes.length).toBeLessThan(50);
    expect(batcher.stats).toMatchObject({ writes: writes.length, rows: 50, failedGroups: 0 });
  });

  it('caps a group at maxRows but never splits one request', async () => {
    const batcher = createWriteBatcher<Row>({ write: insert, maxRows: 10, maxWaitMs: 5 });
    const big = Array.from({ length: 25 }, (_, i) => ({ id: 100 + i, v: 'ok' }));
    await Promise.all([...Array.from({ length: 15 }, (_, i) => batcher.add([{ id: i, v: 'ok' }])), batcher.add(big)]);
    expect(writes).toContain(25);
    expect(writes.filter((n) => n !== 25).every((n) => n <= 10)).toBe(true);
    expect((await ids()).length).toBe(40);
  });

  it('a row the database refuses fails only its own request', async () => {
    const batcher = createWriteBatcher<Row>({ write: insert, maxWaitMs: 2 });
    const outcomes = await Promise.allSettled([
      batcher.add([{ id: 1, v: 'ok' }]),
      batcher.add([
        { id: 2, v: 'ok' },
        { id: 3, v: 'bad' },
      ]),
      batcher.add([{ id: 4, v: 'ok' }]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toMatch(/check constraint/);
    // Request 2 is all or nothing: its good row 2 is not kept either.
    expect(await ids()).toEqual([1, 4]);
    expect(batcher.stats.failedGroups).toBe(1);
  });

  it('when every write fails, every waiter is rejected, nothing is kept, and later requests work again', async () => {
    const batcher = createWriteBatcher<Row>({ write: insert, maxWaitMs: 1 });
    await db.exec('drop table t');
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => batcher.add([{ id: i, v: 'ok' }])));
    expect(outcomes.map((o) => o.status)).toEqual(Array(20).fill('rejected'));
    expect(batcher.stats.rows).toBe(0);
    await createTable();
    await batcher.add([{ id: 99, v: 'ok' }]);
    expect(await ids()).toEqual([99]);
  });

  it('when the database is closed every waiter is rejected', async () => {
    const batcher = createWriteBatcher<Row>({ write: insert, maxWaitMs: 1 });
    await batcher.add([{ id: 0, v: 'ok' }]);
    await db.close();
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => batcher.add([{ id: 10 + i, v: 'ok' }])));
    expect(outcomes.map((o) => o.status)).toEqual(Array(20).fill('rejected'));
    expect(batcher.stats).toMatchObject({ rows: 1, writes: 1 });
  });
});
