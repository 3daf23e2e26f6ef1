// The page's side of a request/response conversation with a worker: each request carries a
// `requestId`, the worker answers with `{ type: 'reply', requestId, ok, value | error }`, and every other
// message is an event for `onEvent`. A request ends one way only: answered, failed by the worker, timed
// out, aborted by its AbortSignal, or failed because the worker died (then every pending request fails
// at once, with the worker's error, instead of waiting forever).

export type Reply = { type: 'reply'; requestId: number; ok: true; value?: unknown } | { type: 'reply'; requestId: number; ok: false; error: string };

/** What the bridge needs of a Worker (a MessagePort or a test double will do too). */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent | Event) => void): void;
}

export interface RequestOptions {
  transfer?: Transferable[];
  signal?: AbortSignal;
  /** Overrides the bridge's time limit for this request (ms; Infinity for none). */
  timeoutMs?: number;
}

export interface RequestBridge<Out> {
  /** Sends `message` with a fresh requestId; resolves with the reply's value. */
  request<T>(message: { type: string } & Record<string, unknown>, options?: RequestOptions): Promise<T>;
  /** Sends a message that expects no reply. */
  post(message: Out, transfer?: Transferable[]): void;
  /** Requests not yet answered. */
  readonly pending: number;
}

export interface BridgeOptions<In> {
  /** Shown in errors: 'acquisition worker', 'sync worker'. */
  name: string;
  /** Default time limit of a request, ms (default 30 s). */
  timeoutMs?: number;
  /** Every message that is not a reply. */
  onEvent?: (message: In) => void;
}

/**
 * @example
 *   const bridge = createRequestBridge<FromSync, ToSync>(worker, { name: 'sync worker', onEvent: show });
 *   await bridge.request({ type: 'sync-now' });
 */
export function createRequestBridge<In extends { type: string }, Out = unknown>(worker: WorkerLike, options: BridgeOptions<In>): RequestBridge<Out> {
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; settle: () => void }>();
  let nextId = 1;
  let dead: Error | null = null;

  worker.addEventListener('message', (event: MessageEvent) => {
    const message = event.data as In | Reply;
    if (message?.type !== 'reply') return options.onEvent?.(message as In);
    const reply = message as Reply;
    const entry = waiting.get(reply.requestId);
    if (!entry) return; // timed out or aborted already
    entry.settle();
    if (reply.ok) entry.resolve(reply.value);
    else entry.reject(new Error(reply.error));
  });
  worker.addEventListener('error', (event) => {
    dead = new Error(`${options.name} failed: ${(event as ErrorEvent).message || 'error event'}`);
    for (const entry of [...waiting.values()]) {
      entry.settle();
      entry.reject(dead);
    }
  });

  return {
    request<T>(message: { type: string } & Record<string, unknown>, o: RequestOptions = {}): Promise<T> {
      if (dead) return Promise.reject(dead);
      if (o.signal?.aborted) return Promise.reject(new Error(`${message.type} to the ${options.name} was aborted before it was sent`));
      return new Promise<T>((resolve, reject) => {
        const requestId = nextId++;
        const limitMs = o.timeoutMs ?? options.timeoutMs ?? 30_000;
        const timer = Number.isFinite(limitMs)
          ? setTimeout(() => {
              settle();
              reject(new Error(`${message.type} to the ${options.name} got no answer within ${limitMs} ms`));
            }, limitMs)
          : undefined;
        const onAbort = () => {
          settle();
          reject(new Error(`${message.type} to the ${options.name} was aborted`));
        };
        const settle = () => {
          clearTimeout(timer);
          o.signal?.removeEventListener('abort', onAbort);
          waiting.delete(requestId);
        };
        o.signal?.addEventListener('abort', onAbort, { once: true });
        waiting.set(requestId, { resolve: resolve as (value: unknown) => void, reject, settle });
        worker.postMessage({ ...message, requestId }, o.transfer ?? []);
      });
    },
    post(message: Out, transfer: Transferable[] = []) {
      worker.postMessage(message, transfer);
    },
    get pending() {
      return waiting.size;
    },
  };
}
