// The page's side of a request/response conversation with a worker: each request carries a
// `requestId`, the worker answers with `{ type: 'reply', requestId, ok, value | error }` (see
// workers/protocol/reply.ts, whose answerRequest() is the worker's side), messages that carry the
// requestId before the reply (progress, partial results) go to that request's `onEvent`, and every
// other message is an event for the bridge's `onEvent`. A request ends one way only: answered, failed
// by the worker (its error rebuilt here, fields and all), timed out, aborted by its AbortSignal, or
// failed because the worker died (then every pending request fails at once, with the worker's
// error, instead of waiting forever).
//
// createRequestBridge talks to one worker for its whole life; createWorkerBridge starts its worker on
// the first request, replaces it after it died, timed out or was aborted mid-request (the next request
// starts a fresh one and counts it), and can send one request at a time, in order.

import type { Reply, WireError } from '../protocol/reply.ts';

export type { Reply, WireError };

/** What the bridge needs of a Worker (a MessagePort or a test double will do too). */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent | Event) => void): void;
}

/** A worker the bridge started and may end. */
export interface StartedWorker extends WorkerLike {
  terminate(): void;
}

export interface RequestOptions<E = unknown> {
  /** Moved to the worker, not copied (the buffers are unusable here afterwards). */
  transfer?: Transferable[];
  signal?: AbortSignal;
  /** Overrides the bridge's time limit for this request (ms; Infinity for none). */
  timeoutMs?: number;
  /** Messages that carry this request's requestId before its reply (progress, partial results). */
  onEvent?: (message: E) => void;
}

/** How a request ended without its worker's answer; `name` is 'AbortError' for an abort. */
export class BridgeError extends Error {
  constructor(
    readonly reason: 'timeout' | 'aborted' | 'died' | 'stopped',
    message: string,
  ) {
    super(message);
    this.name = reason === 'aborted' ? 'AbortError' : 'BridgeError';
  }
}

export interface RequestBridge<Out> {
  /** Sends `message` with a fresh requestId; resolves with the reply's value. */
  request<T, E = unknown>(message: { type: string } & Record<string, unknown>, options?: RequestOptions<E>): Promise<T>;
  /** Sends a message that expects no reply. */
  post(message: Out, transfer?: Transferable[]): void;
  /** Fails every pending request with `error`, and every later one: the worker counts as dead. */
  fail(error: Error): void;
  /** Requests not yet answered. */
  readonly pending: number;
}

export interface BridgeOptions<In> {
  /** Shown in errors: 'acquisition worker', 'sync worker'. */
  name: string;
  /**
   * Default time limit of a request, ms (default 30 s). It counts from the request, and again from each
   * message the worker posts for it: a long job that reports progress stays alive.
   */
  timeoutMs?: number;
  /** Every message that is neither a reply nor a request's own event. */
  onEvent?: (message: In) => void;
  /** Rebuilds a worker's error (default: an Error with the same name, message and fields). */
  reviveError?: (error: WireError) => Error;
}

/** The default of `reviveError`: an Error with the wire error's name, message and fields. */
export function reviveError(error: WireError): Error {
  const { name, message, ...fields } = error;
  return Object.assign(new Error(message), fields, { name });
}

const abortedBeforeSent = (type: string, name: string) => new BridgeError('aborted', `${type} to the ${name} was aborted before it was sent`);

/**
 * @example
 *   const bridge = createRequestBridge<FromSync, ToSync>(worker, { name: 'sync worker', onEvent: show });
 *   await bridge.request({ type: 'sync-now' });
 */
export function createRequestBridge<In extends { type: string }, Out = unknown>(worker: WorkerLike, options: BridgeOptions<In>): RequestBridge<Out> {
  type Waiting = {
    resolve: (value: unknown) => void;
    reject: (error: Error) => void;
    settle: () => void;
    touch: () => void;
    onEvent?: (m: unknown) => void;
  };
  const waiting = new Map<number, Waiting>();
  const revive = options.reviveError ?? reviveError;
  let nextId = 1;
  let dead: Error | null = null;

  const fail = (error: Error) => {
    dead = error;
    for (const entry of [...waiting.values()]) {
      entry.settle();
      entry.reject(error);
    }
  };

  worker.addEventListener('message', (event: MessageEvent) => {
    const message = event.data as (In & { requestId?: unknown }) | Reply;
    const requestId = typeof message?.requestId === 'number' ? message.requestId : undefined;
    if (message?.type !== 'reply' && requestId === undefined) return options.onEvent?.(message as In);
    const entry = requestId === undefined ? undefined : waiting.get(requestId);
    if (!entry) return; // ended already (timed out, aborted)
    if (message.type !== 'reply') {
      entry.touch();
      return entry.onEvent?.(message);
    }
    const reply = message as Reply;
    entry.settle();
    if (reply.ok) entry.resolve(reply.value);
    else entry.reject(revive(typeof reply.error === 'string' ? { name: 'Error', message: reply.error } : reply.error));
  });
  worker.addEventListener('error', (event) => {
    fail(new BridgeError('died', `${options.name} failed: ${(event as ErrorEvent).message || 'error event'}`));
  });

  return {
    request<T, E = unknown>(message: { type: string } & Record<string, unknown>, o: RequestOptions<E> = {}): Promise<T> {
      if (dead) return Promise.reject(dead);
      if (o.signal?.aborted) return Promise.reject(abortedBeforeSent(message.type, options.name));
      return new Promise<T>((resolve, reject) => {
        const requestId = nextId++;
        const limitMs = o.timeoutMs ?? options.timeoutMs ?? 30_000;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const touch = () => {
          clearTimeout(timer);
          if (!Number.isFinite(limitMs)) return;
          timer = setTimeout(() => {
            settle();
            reject(new BridgeError('timeout', `${message.type} to the ${options.name} got no answer within ${limitMs} ms`));
          }, limitMs);
        };
        const onAbort = () => {
          settle();
          reject(new BridgeError('aborted', `${message.type} to the ${options.name} was aborted`));
        };
        const settle = () => {
          clearTimeout(timer);
          o.signal?.removeEventListener('abort', onAbort);
          waiting.delete(requestId);
        };
        o.signal?.addEventListener('abort', onAbort, { once: true });
        waiting.set(requestId, { resolve: resolve as (value: unknown) => void, reject, settle, touch, onEvent: o.onEvent as (m: unknown) => void });
        touch();
        try {
          worker.postMessage({ ...message, requestId }, o.transfer ?? []);
        } catch (error) {
          // Not cloneable (a function in it, a buffer listed twice): the request fails, the worker is fine.
          settle();
          reject(new Error(`${message.type} to the ${options.name} could not be sent: ${(error as Error).message}`));
        }
      });
    },
    post(message: Out, transfer: Transferable[] = []) {
      worker.postMessage(message, transfer);
    },
    fail,
    get pending() {
      return waiting.size;
    },
  };
}

export interface WorkerBridgeOptions<In> extends BridgeOptions<In> {
  /** Starts a worker: on the first request, and on the next request after one died or was stopped. */
  createWorker(): StartedWorker;
  /** Send one request at a time, each after the previous one ended, in the order they were made. */
  oneAtATime?: boolean;
}

export interface WorkerBridge<Out> {
  /** As RequestBridge.request; a time-out or an abort of a sent request also stops its worker. */
  request<T, E = unknown>(message: { type: string } & Record<string, unknown>, options?: RequestOptions<E>): Promise<T>;
  /** Sends a message that expects no reply (starts the worker if none runs). */
  post(message: Out, transfer?: Transferable[]): void;
  /** Requests sent and not yet answered, plus those waiting for their turn. */
  readonly pending: number;
  /** How many workers this bridge has started (1 + restarts). */
  readonly workersStarted: number;
  /** Terminates the current worker and fails its pending requests; the next request starts a fresh one. */
  terminate(): void;
}

/**
 * A bridge that owns its worker and restarts it. A worker that died fails its pending requests at
 * once; a request that timed out or was aborted after it was sent stops its worker (its work may still
 * be running), which fails the worker's other pending requests at once, and the next request starts a
 * fresh worker.
 * @example
 *   const bridge = createWorkerBridge({ name: 'analysis worker', createWorker: () => new Worker(url, { type: 'module' }), oneAtATime: true });
 *   const stats = await bridge.request<ChannelStatistics>({ type: 'getStatistics', args: [x] }, { transfer: [x.buffer] });
 */
export function createWorkerBridge<In extends { type: string }, Out = unknown>(options: WorkerBridgeOptions<In>): WorkerBridge<Out> {
  type Connection = { worker: StartedWorker; bridge: RequestBridge<Out> };
  let current: Connection | null = null;
  let started = 0;
  let waitingTurn = 0;
  let turn: Promise<unknown> = Promise.resolve();

  const retire = (c: Connection | null, error: BridgeError) => {
    if (!c) return;
    if (current === c) current = null;
    c.worker.terminate();
    c.bridge.fail(error);
  };

  const connect = (): Connection => {
    if (current) return current;
    const worker = options.createWorker();
    started++;
    const c: Connection = { worker, bridge: createRequestBridge<In, Out>(worker, options) };
    worker.addEventListener('error', (event) => {
      event.preventDefault?.(); // handled here: its requests failed (in the bridge) and the next one starts a fresh worker
      if (current === c) current = null;
      worker.terminate();
    });
    current = c;
    return c;
  };

  async function send<T, E>(message: { type: string } & Record<string, unknown>, o: RequestOptions<E>): Promise<T> {
    const c = connect();
    try {
      return await c.bridge.request<T, E>(message, o);
    } catch (error) {
      if (error instanceof BridgeError && (error.reason === 'timeout' || error.reason === 'aborted')) {
        retire(c, new BridgeError('stopped', `${options.name} was stopped: ${error.message}`));
      }
      throw error;
    }
  }

  return {
    request<T, E = unknown>(message: { type: string } & Record<string, unknown>, o: RequestOptions<E> = {}): Promise<T> {
      if (o.signal?.aborted) return Promise.reject(abortedBeforeSent(message.type, options.name));
      if (!options.oneAtATime) return send<T, E>(message, o);
      return new Promise<T>((resolve, reject) => {
        let waiting = true;
        waitingTurn++;
        const leaveQueue = () => {
          waiting = false;
          waitingTurn--;
          o.signal?.removeEventListener('abort', onAbort);
        };
        const onAbort = () => {
          if (!waiting) return;
          leaveQueue();
          reject(abortedBeforeSent(message.type, options.name));
        };
        o.signal?.addEventListener('abort', onAbort, { once: true });
        turn = turn.then(() => {
          if (!waiting) return; // aborted while it waited
          leaveQueue();
          return send<T, E>(message, o).then(resolve, reject);
        });
      });
    },
    post(message: Out, transfer?: Transferable[]) {
      connect().bridge.post(message, transfer);
    },
    get pending() {
      return (current?.bridge.pending ?? 0) + waitingTurn;
    },
    get workersStarted() {
      return started;
    },
    terminate() {
      retire(current, new BridgeError('stopped', `${options.name} was terminated`));
    },
  };
}
