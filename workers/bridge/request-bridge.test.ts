// The request bridge against a stand-in worker (an EventTarget answering in a later task, as a
// worker does): replies, worker errors, events, time limits, aborts and a worker that dies.
import { expect, test } from 'vitest';
import { createRequestBridge, type Reply } from './request-bridge.ts';

/** A worker stand-in: `answer` decides what each request gets back (or nothing, for undefined). */
class StandInWorker extends EventTarget {
  readonly received: unknown[] = [];
  constructor(private readonly answer: (message: { type: string; requestId?: number }) => Reply | { type: string } | undefined) {
    super();
  }
  postMessage(message: { type: string; requestId?: number }): void {
    this.received.push(message);
    setTimeout(() => {
      const reply = this.answer(message);
      if (reply) this.emit('message', { data: reply });
    }, 1);
  }
  emit(type: string, fields: object): void {
    this.dispatchEvent(Object.assign(new Event(type), fields));
  }
}

test('a request resolves with its own reply, a worker error rejects it with the worker message, events go to onEvent', async () => {
  const events: unknown[] = [];
  const worker = new StandInWorker((m) =>
    m.type === 'double'
      ? { type: 'reply', requestId: m.requestId!, ok: true, value: 2 * Number((m as { n?: number }).n) }
      : { type: 'reply', requestId: m.requestId!, ok: false, error: 'no such thing' },
  );
  const bridge = createRequestBridge(worker as never, { name: 'test worker', onEvent: (e) => events.push(e) });
  const [a, b] = await Promise.all([bridge.request<number>({ type: 'double', n: 4 }), bridge.request<number>({ type: 'double', n: 5 })]);
  expect([a, b]).toEqual([8, 10]);
  await expect(bridge.request({ type: 'other' })).rejects.toThrow('no such thing');
  worker.emit('message', { data: { type: 'status', value: 1 } });
  expect(events).toEqual([{ type: 'status', value: 1 }]);
  expect(bridge.pending).toBe(0);
});

test('no answer within the time limit, or an abort, ends the request with a clear error; a late reply is ignored', async () => {
  const worker = new StandInWorker(() => undefined);
  const bridge = createRequestBridge(worker as never, { name: 'slow worker', timeoutMs: 30 });
  await expect(bridge.request({ type: 'sync-now' })).rejects.toThrow('sync-now to the slow worker got no answer within 30 ms');
  const controller = new AbortController();
  const aborted = bridge.request({ type: 'record-stop' }, { signal: controller.signal, timeoutMs: Number.POSITIVE_INFINITY });
  controller.abort();
  await expect(aborted).rejects.toThrow('record-stop to the slow worker was aborted');
  worker.emit('message', { data: { type: 'reply', requestId: 1, ok: true, value: 'late' } });
  expect(bridge.pending).toBe(0);
});

test('a worker that dies fails every pending request at once, and every later one', async () => {
  const worker = new StandInWorker(() => undefined);
  const bridge = createRequestBridge(worker as never, { name: 'acquisition worker', timeoutMs: 60_000 });
  const pending = [bridge.request({ type: 'record-start' }), bridge.request({ type: 'marker' })];
  worker.emit('error', { message: 'out of memory' });
  for (const p of pending) await expect(p).rejects.toThrow('acquisition worker failed: out of memory');
  await expect(bridge.request({ type: 'marker' })).rejects.toThrow('acquisition worker failed: out of memory');
  expect(bridge.pending).toBe(0);
});
