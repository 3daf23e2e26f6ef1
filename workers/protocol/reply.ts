// The answer that ends a request to a worker, as it crosses the boundary, and the worker's side of
// sending it. Pure: the worker posts it, the page's request bridge (workers/bridge/request-bridge.ts)
// reads it. An error crosses as data (name, message and its own plain fields, so a DspError keeps its
// code and argument), and the worker carries on.

/** An error as it crosses a worker boundary: name, message and the error's own string/number/boolean fields. */
export interface WireError {
  name: string;
  message: string;
  [field: string]: string | number | boolean;
}

export type Reply<T = unknown> =
  | { type: 'reply'; requestId: number; ok: true; value?: T }
  /** `error` is a WireError; a plain string (older workers: acquisition, sync) is the message alone. */
  | { type: 'reply'; requestId: number; ok: false; error: WireError | string };

/** The error as data: name, message, and its own plain fields (DspError's code and argument). */
export function toWireError(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const wire: WireError = { name: error.name, message: error.message };
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') wire[key] = value;
  }
  return wire;
}

/**
 * Runs one request in a worker and posts its reply; never throws. `transferOf` lists the buffers of
 * the value to transfer instead of copy.
 * @example
 *   self.onmessage = (e) => answerRequest(post, e.data.requestId, () => work(e.data), (v) => [v.buffer]);
 */
export async function answerRequest<T>(
  post: (reply: Reply<T>, transfer: ArrayBuffer[]) => void,
  requestId: number,
  work: () => T | Promise<T>,
  transferOf?: (value: T) => ArrayBuffer[],
): Promise<void> {
  let reply: Reply<T>;
  let transfer: ArrayBuffer[] = [];
  try {
    const value = await work();
    reply = { type: 'reply', requestId, ok: true, value };
    transfer = transferOf?.(value) ?? [];
  } catch (error) {
    reply = { type: 'reply', requestId, ok: false, error: toWireError(error) };
  }
  try {
    post(reply, transfer);
  } catch (error) {
    // The value could not be cloned (a function, a detached buffer): the caller still gets an answer.
    post({ type: 'reply', requestId, ok: false, error: toWireError(error) }, []);
  }
}

/** The ArrayBuffers inside a value (typed arrays at any depth), each listed once: a transfer list. */
export function collectBuffers(value: unknown, found = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) collectBuffers(v, found);
  }
  return [...found];
}
