// The request bridge against a stand-in worker (an EventTarget answering in a later task, as a
// worker does) or a real MessageChannel: replies, structured errors, transfer, per-request events,
// time limits, aborts, a worker that dies, restarts and the one-at-a-time queue.
import { expect, test } from 'vitest';
import { DspError } from '../../dsp-wasm/src/dsp-error.ts';
import { answerRequest, collectBuffers, type WireError } from '../protocol/reply.ts';
import { BridgeError, createRequestBridge, createWorkerBridge, type Reply } from './request-bridge.ts';

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

// ---- what the analysis, import and render workers need ----

/** A worker on a real MessageChannel (structured clone and transfer, as between threads); `serve` is its onmessage. */
function channelWorker(
  serve: (message: { type: string; requestId: number } & Record<string, unknown>, post: (m: unknown, t?: ArrayBuffer[]) => void) => void,
) {
  const { port1, port2 } = new MessageChannel();
  const post = (m: unknown, t: ArrayBuffer[] = []) => port2.postMessage(m, t);
  port2.addEventListener('message', (e) => serve(e.data, post));
  port2.start();
  port1.start();
  return { page: port1 as unknown as MessagePort, close: () => (port1.close(), port2.close()) };
}

test('a worker error crosses as data: a DspError keeps name, code and argument (or is rebuilt by reviveError)', async () => {
  const { page, close } = channelWorker((m, post) =>
    answerRequest(post, m.requestId, () => {
      if (m.type === 'psd') throw new DspError(-4, 'signal', '[2] is NaN');
      throw new TypeError(`no such request: ${m.type}`);
    }),
  );
  const plain = createRequestBridge(page as never, { name: 'analysis worker' });
  const rebuilt = createRequestBridge(page as never, {
    name: 'analysis worker',
    reviveError: (w: WireError) => Object.assign(new DspError(Number(w.code), String(w.argument)), { message: w.message }),
  });
  const a = await plain.request({ type: 'psd' }).catch((e: unknown) => e);
  expect(a).toMatchObject({ name: 'DspError', code: -4, argument: 'signal', message: 'signal[2] is NaN' });
  const b = await rebuilt.request({ type: 'psd' }).catch((e: unknown) => e);
  expect(b).toBeInstanceOf(DspError);
  expect(b).toMatchObject({ code: -4, argument: 'signal', message: 'signal[2] is NaN' });
  await expect(plain.request({ type: 'nope' })).rejects.toMatchObject({ name: 'TypeError', message: 'no such request: nope' });
  close();
});

test('transfer lists move buffers both ways; a value that cannot be cloned is an error reply, not a dead worker', async () => {
  const inWorker: ArrayBuffer[] = [];
  const { page, close } = channelWorker((m, post) =>
    answerRequest(
      post,
      m.requestId,
      () => {
        if (m.type === 'bad') return { f: () => 1 };
        const x = m.x as Float64Array;
        const y = x.map((v) => 2 * v);
        inWorker.push(y.buffer);
        return { y };
      },
      collectBuffers,
    ),
  );
  const bridge = createRequestBridge(page as never, { name: 'analysis worker' });
  const x = Float64Array.of(1, 2, 3);
  const got = await bridge.request<{ y: Float64Array }>({ type: 'double', x }, { transfer: [x.buffer] });
  expect(x.byteLength).toBe(0); // moved to the worker
  expect(Array.from(got.y)).toEqual([2, 4, 6]);
  expect(inWorker[0]!.byteLength).toBe(0); // moved back
  await expect(bridge.request({ type: 'bad' })).rejects.toThrow(/could not be cloned/);
  await expect(bridge.request({ type: 'double', x: Float64Array.of(1) })).resolves.toBeTruthy();
  close();
});

test("a request's own events (progress) reach its onEvent in order, keep its time limit from running out, and nothing else sees them", async () => {
  const events: unknown[] = [];
  const { page, close } = channelWorker((m, post) => {
    let n = 0;
    const tick = setInterval(() => {
      if (++n <= 5) return post({ type: 'progress', requestId: m.requestId, done: n, total: 5 });
      clearInterval(tick);
      post({ type: 'reply', requestId: m.requestId, ok: true, value: 'rendered' });
    }, 20);
  });
  const bridge = createRequestBridge(page as never, { name: 'render worker', timeoutMs: 60, onEvent: (e) => events.push(e) });
  const progress: number[] = [];
  const value = await bridge.request<string, { done: number }>({ type: 'render' }, { onEvent: (e) => progress.push(e.done) });
  expect(value).toBe('rendered'); // took ~120 ms against a 60 ms limit: every progress message restarted it
  expect(progress).toEqual([1, 2, 3, 4, 5]);
  expect(events).toEqual([]);
  close();
});

/** A factory of stand-in workers that records each worker it started and whether it was terminated. */
function workerFactory(answer: (message: { type: string; requestId?: number }) => Reply | undefined) {
  const started: Array<StandInWorker & { terminated: boolean }> = [];
  const createWorker = () => {
    const w = Object.assign(new StandInWorker(answer), { terminated: false });
    (w as unknown as { terminate(): void }).terminate = () => (w.terminated = true);
    started.push(w);
    return w as never;
  };
  return { started, createWorker };
}

const echo = (m: { type: string; requestId?: number }): Reply | undefined =>
  m.type === 'hang' ? undefined : { type: 'reply', requestId: m.requestId!, ok: true, value: m.type };

test('createWorkerBridge starts its worker on the first request and a fresh one after a death, counting each', async () => {
  const { started, createWorker } = workerFactory(echo);
  const bridge = createWorkerBridge({ name: 'analysis worker', createWorker, timeoutMs: 60_000 });
  expect(bridge.workersStarted).toBe(0);
  await expect(bridge.request({ type: 'a' })).resolves.toBe('a');
  const pending = [bridge.request({ type: 'hang' }), bridge.request({ type: 'hang' })];
  const prevented: boolean[] = [];
  const death = Object.assign(new Event('error', { cancelable: true }), { message: 'out of memory' });
  started[0]!.dispatchEvent(death);
  prevented.push(death.defaultPrevented);
  for (const p of pending) await expect(p).rejects.toThrow('analysis worker failed: out of memory');
  expect(prevented).toEqual([true]);
  expect(started[0]!.terminated).toBe(true);
  await expect(bridge.request({ type: 'b' })).resolves.toBe('b');
  expect(bridge.workersStarted).toBe(2);
  expect(started[1]!.received).toMatchObject([{ type: 'b' }]);
});

test('a time-out stops the worker, fails its other pending requests at once, and the next request starts a fresh one', async () => {
  const { started, createWorker } = workerFactory(echo);
  const bridge = createWorkerBridge({ name: 'render worker', createWorker, timeoutMs: 60_000 });
  const other = bridge.request({ type: 'hang' });
  const slow = bridge.request({ type: 'hang' }, { timeoutMs: 20 });
  await expect(slow).rejects.toMatchObject({ reason: 'timeout', message: 'hang to the render worker got no answer within 20 ms' });
  await expect(other).rejects.toThrow('render worker was stopped: hang to the render worker got no answer within 20 ms');
  expect(started[0]!.terminated).toBe(true);
  await expect(bridge.request({ type: 'c' })).resolves.toBe('c');
  expect(bridge.workersStarted).toBe(2);
  // An abort of a sent request stops that worker too (its work may still be running); terminate() fails what is pending.
  const controller = new AbortController();
  const aborted = bridge.request({ type: 'hang' }, { signal: controller.signal });
  controller.abort();
  await expect(aborted).rejects.toMatchObject({ name: 'AbortError', reason: 'aborted' });
  expect(started[1]!.terminated).toBe(true);
  const cut = bridge.request({ type: 'hang' });
  bridge.terminate();
  await expect(cut).rejects.toThrow('render worker was terminated');
  expect(started[2]!.terminated).toBe(true);
  expect(bridge.pending).toBe(0);
  expect(bridge.workersStarted).toBe(3);
});

test('oneAtATime sends each request after the previous one ended, in order; an abort while queued ends it at once, unsent', async () => {
  const { started, createWorker } = workerFactory(echo);
  const bridge = createWorkerBridge({ name: 'analysis worker', createWorker, oneAtATime: true, timeoutMs: 200 });
  const order: string[] = [];
  const controller = new AbortController();
  const first = bridge.request<string>({ type: 'first' }).then((v) => {
    order.push(v);
    // The second request is sent only now.
    expect(started[0]!.received.map((m) => (m as { type: string }).type)).toEqual(['first']);
    return v;
  });
  const skipped = bridge.request({ type: 'skipped' }, { signal: controller.signal });
  const second = bridge.request<string>({ type: 'second' }).then((v) => (order.push(v), v));
  expect(bridge.pending).toBe(3);
  controller.abort();
  await expect(skipped).rejects.toThrow('skipped to the analysis worker was aborted before it was sent');
  await Promise.all([first, second]);
  expect(order).toEqual(['first', 'second']);
  expect(started[0]!.received.map((m) => (m as { type: string }).type)).toEqual(['first', 'second']);
  expect(started[0]!.terminated).toBe(false);
  expect(bridge.workersStarted).toBe(1);
  // A failed request does not block the queue.
  const hung = bridge.request({ type: 'hang' }, { timeoutMs: 20 });
  const after = bridge.request({ type: 'after' });
  await expect(hung).rejects.toBeInstanceOf(BridgeError);
  await expect(after).resolves.toBe('after');
  expect(bridge.workersStarted).toBe(2);
});
