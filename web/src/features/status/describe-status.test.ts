import { expect, test } from 'vitest';
import { healthWords, serviceWords, totalsWords, uptimeWords } from './describe-status.ts';

test('services by what they do, states with their reasons', () => {
  expect(serviceWords('albi').title).toBe('Analysis (ALBI)');
  expect(serviceWords('nova').title).toBe('nova');
  expect(healthWords({ status: 'online', checks: { database: true, wasm: true } })).toEqual({ state: 'ok', text: 'Working' });
  expect(healthWords({ status: 'degraded', checks: { database: false, wasm: true } })).toEqual({
    state: 'warn',
    text: 'Degraded: the database does not answer',
  });
  expect(healthWords({ status: 'online', checks: { queue_depth: 2 } }).text).toBe('Working (2 renders waiting)');
  expect(healthWords({ status: 'offline', checks: { wasm: false } })).toEqual({
    state: 'bad',
    text: 'Not answering: its WebAssembly engine did not load',
  });
});

test('totals say what they count; uptime in words', () => {
  expect(totalsWords({ sessions: 3, analyses: 0 }).map((t) => [t.label, t.value])).toEqual([
    ['Sessions stored', 3],
    ['Analyses run', 0],
  ]);
  expect(totalsWords({ analyses: 0 })[0].counts).toMatch(/in the browser/);
  expect(uptimeWords(45)).toBe('45 s');
  expect(uptimeWords(192)).toBe('3 min 12 s');
  expect(uptimeWords(7500)).toBe('2 h 5 min');
});
