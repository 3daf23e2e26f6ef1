import { describe, expect, it } from 'vitest';
import { workerCount } from './cluster.ts';

describe('WORKERS', () => {
  const pg = 'postgres://u@127.0.0.1:5432/clisonix';

  it('is 1 unless set, and N with a PostgreSQL URL', () => {
    expect(workerCount({})).toBe(1);
    expect(workerCount({ WORKERS: ' ' })).toBe(1);
    expect(workerCount({ WORKERS: '1' })).toBe(1);
    expect(workerCount({ WORKERS: '4', DATABASE_URL: pg })).toBe(4);
    expect(workerCount({ WORKERS: '2', DATABASE_URL: 'postgresql://u@db/clisonix' })).toBe(2);
  });

  it('refuses several workers on PGlite, saying why and what to do', () => {
    expect(() => workerCount({ WORKERS: '2' })).toThrow(
      /^WORKERS=2 needs DATABASE_URL=postgres:\/\/\.\.\.: the embedded PGlite database in DATA_DIR belongs to exactly one process.*unset WORKERS/,
    );
    expect(() => workerCount({ WORKERS: '3', DATABASE_URL: 'file:./data' })).toThrow(/WORKERS=3 needs DATABASE_URL/);
  });

  it('refuses what is not a whole number from 1 to 64, naming the value', () => {
    for (const bad of ['0', '-1', '1.5', 'two', '65', '1e3']) {
      expect(() => workerCount({ WORKERS: bad, DATABASE_URL: pg })).toThrow(`WORKERS must be a whole number from 1 to 64, not "${bad}".`);
    }
  });
});
