// sosfiltfiltChannels across a pool of workers (Node worker_threads in the server and the benchmarks,
// Web Workers in the browser), two channels per job. Every channel runs through the same kernel
// arithmetic as on one thread, so the result is identical bit for bit to albi.sosfiltfiltChannels.
//
// Where SharedArrayBuffer exists (Node; a crossOriginIsolated page), the caller copies each pair into
// a staging area shared with the workers and reused by every call, the worker filters the slots in
// place, and the caller copies them out into the results (`options.into`, or new arrays). Only warm,
// reused memory changes hands; nothing is allocated or transferred per pair:
//
//   caller: pair -> staging slots [s0 s1 | s2 s3 | ...] (SharedArrayBuffer, DEPTH x 2 per worker)
//   worker: slots -> albi.sosfiltfiltChannelsInPlace -> 'filtered-staged'
//   caller: slots -> results; slots free
//
// Without it, each pair is copied into fresh buffers that are transferred, filtered in place
// (Albi.sosfiltfiltChannelsInPlace) and transferred back as the results.
//
// Arguments are checked here, before any work is sent, with the checks sosfiltfiltChannels makes, so a
// bad argument raises the same DspError; NaN or Infinity is found by the kernel in the worker and comes
// back as that DspError, with the caller's channel index. A worker that dies (crashes, fails to load,
// is terminated) fails every pending call at once; the pool starts fresh workers for the next call.
// Pure: the threads are reached only through PoolWorker, which filter-pool-hosts.ts implements.
import type { Albi } from './albi.ts';
import { DspError } from './dsp-error.ts';
import { type ChannelsFilterOptions, prepareChannelsFilter } from './filtering.ts';

/** One pair (or the odd last channel) of a call, sent to a worker. */
export interface FilterRequest {
  type: 'sosfiltfilt';
  jobId: number;
  sos: Float64Array;
  padlen: number;
  /** Index of channels[0] in the caller's array (for error messages). */
  first: number;
  /** Transfer mode: each channel in its own buffer, transferred; filtered in place and sent back. */
  channels?: Float64Array[];
  /** Staged mode: the channels are `slots` (n samples each) of the shared staging buffer. */
  staged?: { buffer: SharedArrayBuffer; slots: number[]; n: number };
}

/** The first message to a worker: where its albi.wasm is (none in Node: dsp-wasm/build/albi.wasm). */
export interface FilterInit {
  type: 'init';
  albiUrl?: string;
}

export type FilterReply =
  | { type: 'filtered'; jobId: number; channels: Float64Array[] }
  /** Staged mode: the request's slots now hold the filtered channels. */
  | { type: 'filtered-staged'; jobId: number }
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
  sosfiltfiltChannels(sos: ArrayLike<number>, channels: ArrayLike<number>[], options?: ChannelsFilterOptions): Promise<Float64Array[]>;
  /** Number of workers. */
  readonly size: number;
  /** Ends every worker; pending calls fail, later calls reject. */
  close(): void;
}

interface Job {
  id: number;
  call: Call;
  /** The message (copying the channels into the staging slots or fresh buffers) when it is sent. */
  request: () => FilterRequest;
  /** Where the job's channels go in the call's results. */
  first: number;
  /** Staging slots the job holds until its reply, and whose they are. */
  slots: number[];
  stage: Staging | null;
}

/** The shared staging area: `count` slots of `n` float64 each, reused by every call of that length. */
interface Staging {
  buffer: SharedArrayBuffer;
  n: number;
  free: number[];
  count: number;
}

interface Call {
  /** Samples per channel. */
  n: number;
  /** The results: `options.into`, or filled with new arrays as replies come. */
  results: Float64Array[];
  /** Whether results are the caller's arrays (filled by copying) rather than new ones. */
  into: boolean;
  remaining: number;
  done: boolean;
  resolve(results: Float64Array[]): void;
  reject(error: Error): void;
}

interface Member {
  worker: PoolWorker;
  inFlight: Map<number, Job>;
}

/** Jobs each worker holds at once: one running, one queued so it never waits for the caller's copy. */
const DEPTH = 2;

/** Whether SharedArrayBuffer can be posted to workers here (always in Node; crossOriginIsolated pages). */
function canShare(): boolean {
  const g = globalThis as { SharedArrayBuffer?: unknown; crossOriginIsolated?: boolean };
  return typeof g.SharedArrayBuffer === 'function' && g.crossOriginIsolated !== false;
}

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
  let members: Member[] | null = null;
  let staging: Staging | null = null;
  let closed = false;
  let nextJob = 1;
  const queue: Job[] = [];

  function failAll(error: Error): void {
    const calls = new Set<Call>(queue.map((j) => j.call));
    for (const member of members ?? []) for (const job of member.inFlight.values()) calls.add(job.call);
    queue.length = 0;
    for (const member of members ?? []) member.worker.terminate();
    members = null;
    if (staging) staging.free = Array.from({ length: staging.count }, (_, i) => i);
    for (const call of calls) {
      call.done = true;
      call.reject(error);
    }
  }

  function start(): Member[] {
    const started: Member[] = [];
    for (let i = 0; i < size; i++) {
      const member: Member = { worker: spawn(i), inFlight: new Map() };
      started.push(member);
      const died = (error: Error): void => {
        if (members === started) failAll(new Error(`filter worker ${i} died: ${error.message}`, { cause: error }));
      };
      member.worker.listen((reply) => (reply.type === 'failed' ? died(new Error(reply.message)) : onReply(member, reply)), died);
      member.worker.postMessage({ type: 'init', albiUrl }, []);
    }
    return started;
  }

  function onReply(member: Member, reply: Exclude<FilterReply, { type: 'failed' }>): void {
    const job = member.inFlight.get(reply.jobId);
    if (!job) return;
    member.inFlight.delete(reply.jobId);
    const { call } = job;
    if (!call.done && reply.type !== 'error') {
      const filtered =
        reply.type === 'filtered' ? reply.channels : job.slots.map((slot) => new Float64Array(job.stage!.buffer, slot * call.n * 8, call.n));
      filtered.forEach((c, k) => {
        if (call.into) call.results[job.first + k]!.set(c);
        else call.results[job.first + k] = reply.type === 'filtered' ? c : c.slice();
      });
      call.remaining -= filtered.length;
      if (call.remaining === 0) {
        call.done = true;
        call.resolve(call.results);
      }
    } else if (!call.done && reply.type === 'error') {
      // this call failed: its other jobs are dropped from the queue (those in flight finish unheard)
      call.done = true;
      for (let q = queue.length - 1; q >= 0; q--) if (queue[q]!.call === call) queue.splice(q, 1);
      call.reject(reviveReply(reply, job.first));
    }
    // the slots are free only once their channels were copied out
    job.stage?.free.push(...job.slots);
    dispatch();
  }

  function dispatch(): void {
    if (!members) return;
    for (let depth = 1; depth <= DEPTH && queue.length > 0; depth++) {
      for (const member of members) {
        if (queue.length === 0) break;
        if (member.inFlight.size >= depth) continue;
        const job = queue.shift()!;
        const request = { ...job.request(), jobId: job.id };
        member.inFlight.set(job.id, job);
        member.worker.postMessage(
          request,
          (request.channels ?? []).map((c) => c.buffer as ArrayBuffer),
        );
      }
    }
    for (const member of members) member.worker.hold?.(member.inFlight.size > 0);
  }

  /** Staging for n-sample channels, or null (no SharedArrayBuffer here, or in use at another length). */
  function stagingFor(n: number): Staging | null {
    if (!canShare()) return null;
    if (staging?.n === n) return staging;
    if (staging && staging.free.length < staging.count) return null;
    const count = DEPTH * 2 * size;
    staging = { buffer: new SharedArrayBuffer(count * n * 8), n, count, free: Array.from({ length: count }, (_, i) => i) };
    return staging;
  }

  return {
    size,
    sosfiltfiltChannels(sos, channels, options = {}) {
      return new Promise<Float64Array[]>((resolve, reject) => {
        if (closed) throw new Error('the filter pool is closed');
        const args = prepareChannelsFilter(sos, channels, options);
        const { n } = args;
        const call: Call = {
          n,
          results: args.into ?? new Array<Float64Array>(args.channels.length),
          into: args.into !== undefined,
          remaining: args.channels.length,
          done: false,
          resolve,
          reject,
        };
        const stage = stagingFor(n);
        for (let first = 0; first < args.channels.length; first += 2) {
          const pair = args.channels.slice(first, first + 2);
          const job: Job = {
            id: nextJob++,
            call,
            first,
            slots: [],
            stage,
            request: () => ({ type: 'sosfiltfilt', jobId: 0, sos: args.sos, padlen: args.padlen, first }),
          };
          // the copy is made when the job is sent, so that workers start on the first pair at once;
          // a job in flight holds its slots, and DEPTH jobs per worker never need more than there are
          job.request = stage
            ? () => {
                job.slots = pair.map(() => stage.free.pop()!);
                job.slots.forEach((slot, k) => new Float64Array(stage.buffer, slot * n * 8, n).set(pair[k]!));
                return {
                  type: 'sosfiltfilt',
                  jobId: 0,
                  sos: args.sos,
                  padlen: args.padlen,
                  first,
                  staged: { buffer: stage.buffer, slots: job.slots, n },
                };
              }
            : () => ({
                type: 'sosfiltfilt',
                jobId: 0,
                sos: args.sos,
                padlen: args.padlen,
                first,
                channels: pair.map((x) => {
                  const copy = new Float64Array(n);
                  copy.set(x);
                  return copy;
                }),
              });
          queue.push(job);
        }
        if (!members) members = start();
        dispatch();
      });
    },
    close() {
      closed = true;
      failAll(new Error('the filter pool was closed'));
      staging = null;
    },
  };
}

/**
 * The worker's side: answers each FilterRequest with its channels filtered in place (the staging
 * slots, or the transferred buffers sent back), or with the error, DspError fields and all.
 */
export function serveFilterRequests(albi: Albi, post: (reply: FilterReply, transfer: ArrayBuffer[]) => void): (request: FilterRequest) => void {
  return (request) => {
    try {
      const { staged } = request;
      if (staged) {
        const slots = staged.slots.map((slot) => new Float64Array(staged.buffer, slot * staged.n * 8, staged.n));
        albi.sosfiltfiltChannelsInPlace(request.sos, slots, { padlen: request.padlen });
        post({ type: 'filtered-staged', jobId: request.jobId }, []);
        return;
      }
      const out = albi.sosfiltfiltChannelsInPlace(request.sos, request.channels ?? [], { padlen: request.padlen });
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
