// sosfiltfiltChannels across a pool of workers (Node worker_threads in the server and the benchmarks,
// Web Workers in the browser): channels go out two at a time, each in its own transferred buffer; the
// worker filters them in place (Albi.sosfiltfiltChannelsInPlace) and transfers the same buffers back,
// which become the results. Every channel runs through the same kernel arithmetic as on one thread, so
// the result is identical bit for bit to albi.sosfiltfiltChannels.
//
//   caller          copy channel pair -> buffers --postMessage(transfer)--> worker k: filter in place
//   (validates)     <----------------------- the same buffers (transfer) --/
//
// Arguments are checked here, before any work is sent, with the checks sosfiltfiltChannels makes, so a
// bad argument raises the same DspError; NaN or Infinity is found by the kernel in the worker and comes
// back as that DspError, with the caller's channel index. A worker that dies (crashes, fails to load,
// is terminated) fails every pending call at once; the pool starts fresh workers for the next call.
// Pure: the threads are reached only through PoolWorker, which filter-pool-hosts.ts implements.
import type { Albi } from './albi.ts';
import { DspError } from './dsp-error.ts';
import { prepareChannelsFilter } from './filtering.ts';

/** One pair (or the odd last channel) of a call, sent to a worker. */
export interface FilterRequest {
  type: 'sosfiltfilt';
  jobId: number;
  sos: Float64Array;
  padlen: number;
  /** Index of channels[0] in the caller's array (for error messages). */
  first: number;
  /** Each channel in its own buffer, transferred; filtered in place and sent back. */
  channels: Float64Array[];
}

/** The first message to a worker: where its albi.wasm is (none in Node: dsp-wasm/build/albi.wasm). */
export interface FilterInit {
  type: 'init';
  albiUrl?: string;
}

export type FilterReply =
  | { type: 'filtered'; jobId: number; channels: Float64Array[] }
  | { type: 'error'; jobId: number; name: string; code?: number; argument?: string; message: string }
  /** The worker could not load its kernels: it counts as dead. */
  | { type: 'failed'; message: string };

/** What the pool needs of one worker thread. */
export interface PoolWorker {
  postMessage(message: FilterInit | FilterRequest, transfer: ArrayBuffer[]): void;
  /** Replies go to onReply; a death (crash, exit, failed start) to onDeath, once. */
  listen(onReply: (reply: FilterReply) => void, onDeath: (error: Error) => void): void;
  /** Node: whether the worker keeps the process alive (only while it has work). */
  hold?(busy: boolean): void;
  terminate(): void;
}

export interface FilterPool {
  /**
   * albi.sosfiltfiltChannels on the pool's workers: the same results, bit for bit.
   * @example
   *   const pool = await createNodeFilterPool();          // filter-pool-hosts.ts
   *   const filtered = await pool.sosfiltfiltChannels(sos, channels);
   *   pool.close();
   */
  sosfiltfiltChannels(sos: ArrayLike<number>, channels: ArrayLike<number>[], options?: { padlen?: number }): Promise<Float64Array[]>;
  /** Number of workers. */
  readonly size: number;
  /** Ends every worker; pending calls fail, later calls reject. */
  close(): void;
}

interface Job {
  id: number;
  call: Call;
  request: () => FilterRequest;
  /** Where the job's channels go in the call's results. */
  first: number;
}

interface Call {
  results: Float64Array[];
  remaining: number;
  done: boolean;
  resolve(results: Float64Array[]): void;
  reject(error: Error): void;
}

interface Slot {
  worker: PoolWorker;
  inFlight: Map<number, Job>;
}

/** Jobs each worker holds at once: one running, one queued so it never waits for the caller's copy. */
const DEPTH = 2;

/** `channels[3]` -> `channels[first + 3]`, `channels[0..1]` -> `channels[first..first + 1]`. */
function renameChannels(argument: string, first: number): string {
  return argument.replace(/channels\[(\d+)(?:\.\.(\d+))?\]/, (_, a: string, b?: string) =>
    b === undefined ? `channels[${first + Number(a)}]` : `channels[${first + Number(a)}..${first + Number(b)}]`,
  );
}

/** The caller's error for a worker's error reply; a DspError names the caller's channel index. */
function reviveReply(reply: Extract<FilterReply, { type: 'error' }>, first: number): Error {
  if (reply.name === 'DspError' && reply.code !== undefined && reply.argument !== undefined) {
    // the message is `${argument}${detail}` or `${argument} ${detail}` (see DspError)
    const rest = reply.message.slice(reply.argument.length);
    return new DspError(reply.code, renameChannels(reply.argument, first), rest.startsWith(' ') ? rest.slice(1) : rest);
  }
  return Object.assign(new Error(reply.message), { name: reply.name });
}

/**
 * A pool of `size` workers made by `spawn` (started on the first call, restarted after a death);
 * each loads albi.wasm from `albiUrl` (default: Node's dsp-wasm/build/albi.wasm).
 * @example
 *   const pool = createFilterPool((i) => myWorkerAdapter(i), 2);
 */
export function createFilterPool(spawn: (index: number) => PoolWorker, size: number, albiUrl?: string): FilterPool {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be an integer >= 1 (got ${String(size)})`);
  let slots: Slot[] | null = null;
  let closed = false;
  let nextJob = 1;
  const queue: Job[] = [];

  function failAll(error: Error): void {
    const calls = new Set<Call>(queue.map((j) => j.call));
    for (const slot of slots ?? []) for (const job of slot.inFlight.values()) calls.add(job.call);
    queue.length = 0;
    for (const slot of slots ?? []) slot.worker.terminate();
    slots = null;
    for (const call of calls) {
      call.done = true;
      call.reject(error);
    }
  }

  function start(): Slot[] {
    const started: Slot[] = [];
    for (let i = 0; i < size; i++) {
      const slot: Slot = { worker: spawn(i), inFlight: new Map() };
      started.push(slot);
      const died = (error: Error): void => {
        if (slots === started) failAll(new Error(`filter worker ${i} died: ${error.message}`, { cause: error }));
      };
      slot.worker.listen((reply) => (reply.type === 'failed' ? died(new Error(reply.message)) : onReply(slot, reply)), died);
      slot.worker.postMessage({ type: 'init', albiUrl }, []);
    }
    return started;
  }

  function onReply(slot: Slot, reply: Exclude<FilterReply, { type: 'failed' }>): void {
    const job = slot.inFlight.get(reply.jobId);
    if (!job) return;
    slot.inFlight.delete(reply.jobId);
    const { call } = job;
    if (!call.done) {
      if (reply.type === 'filtered') {
        reply.channels.forEach((c, k) => {
          call.results[job.first + k] = c;
        });
        call.remaining -= reply.channels.length;
        if (call.remaining === 0) {
          call.done = true;
          call.resolve(call.results);
        }
      } else {
        // this call failed: its other jobs are dropped from the queue (those in flight finish unheard)
        call.done = true;
        for (let q = queue.length - 1; q >= 0; q--) if (queue[q]!.call === call) queue.splice(q, 1);
        call.reject(reviveReply(reply, job.first));
      }
    }
    dispatch();
  }

  function dispatch(): void {
    if (!slots) return;
    for (let depth = 1; depth <= DEPTH && queue.length > 0; depth++) {
      for (const slot of slots) {
        if (queue.length === 0) break;
        if (slot.inFlight.size >= depth) continue;
        const job = queue.shift()!;
        const request = { ...job.request(), jobId: job.id };
        slot.inFlight.set(job.id, job);
        slot.worker.postMessage(
          request,
          request.channels.map((c) => c.buffer as ArrayBuffer),
        );
      }
    }
    for (const slot of slots) slot.worker.hold?.(slot.inFlight.size > 0);
  }

  return {
    size,
    sosfiltfiltChannels(sos, channels, options = {}) {
      return new Promise<Float64Array[]>((resolve, reject) => {
        if (closed) throw new Error('the filter pool is closed');
        const args = prepareChannelsFilter(sos, channels, options);
        const { n } = args;
        const call: Call = { results: new Array(args.channels.length), remaining: args.channels.length, done: false, resolve, reject };
        for (let first = 0; first < args.channels.length; first += 2) {
          const count = Math.min(2, args.channels.length - first);
          queue.push({
            id: nextJob++,
            call,
            first,
            // the copy is made when the job is sent, so that workers start on the first pair at once
            request: () => ({
              type: 'sosfiltfilt',
              jobId: 0, // set when sent
              sos: args.sos,
              padlen: args.padlen,
              first,
              channels: args.channels.slice(first, first + count).map((x) => {
                const copy = new Float64Array(n);
                copy.set(x);
                return copy;
              }),
            }),
          });
        }
        if (!slots) slots = start();
        dispatch();
      });
    },
    close() {
      closed = true;
      failAll(new Error('the filter pool was closed'));
    },
  };
}

/**
 * The worker's side: answers each FilterRequest with its channels filtered in place (transferred
 * back), or with the error, DspError fields and all.
 */
export function serveFilterRequests(albi: Albi, post: (reply: FilterReply, transfer: ArrayBuffer[]) => void): (request: FilterRequest) => void {
  return (request) => {
    try {
      const out = albi.sosfiltfiltChannelsInPlace(request.sos, request.channels, { padlen: request.padlen });
      post(
        { type: 'filtered', jobId: request.jobId, channels: out },
        out.map((c) => c.buffer as ArrayBuffer),
      );
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      post(
        e instanceof DspError
          ? { type: 'error', jobId: request.jobId, name: e.name, code: e.code, argument: e.argument, message: e.message }
          : { type: 'error', jobId: request.jobId, name: e.name, message: e.message },
        [],
      );
    }
  };
}
