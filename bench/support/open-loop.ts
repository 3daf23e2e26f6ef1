// An open-loop HTTP load client: every simulated client sends one request per period on a fixed
// schedule, whether or not its previous request has been answered (a headset streams live; it does
// not wait for the server). Latency is measured from the SCHEDULED send time to the end of the
// response, so a server (or a client event loop) that falls behind shows up in the figures instead
// of slowing the arrivals down (no coordinated omission).
//
// Client i sends at t0 + k * periodMs + (i / clients) * periodMs: the clients are spread evenly over
// the period. Node's http client with one keep-alive agent: a socket per request in flight, reused.
import http from 'node:http';

export interface OpenLoopRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface OpenLoopOptions {
  port: number;
  /** Simulated clients (headsets). */
  clients: number;
  /** Each client sends one request per period (ms). */
  periodMs: number;
  /** Sends per client; the first `warmupSends` of each client are not counted. */
  sends: number;
  warmupSends: number;
  /** The k-th request (0-based) of client `client`. */
  request(client: number, k: number): OpenLoopRequest;
}

export interface OpenLoopResult {
  /** Counted requests (warm-up excluded). */
  requests: number;
  /** Counted requests that did not end in a 2xx (status or socket error). */
  errors: number;
  /** A few error descriptions, for the log. */
  errorSamples: string[];
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Counted 2xx responses per second of the counted part of the schedule. */
  okPerSec: number;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN);

/**
 * Runs the schedule and resolves when every request has been answered (or failed).
 * @example const r = await openLoop({ port, clients: 100, periodMs: 1000, sends: 12, warmupSends: 2, request: (i, k) => ... });
 */
export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { clients, periodMs, sends, warmupSends } = options;
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let outstanding = 0;
  const total = clients * sends;
  let next = 0;
  const t0 = performance.now() + 50;
  const timeOf = (n: number) => t0 + Math.floor(n / clients) * periodMs + ((n % clients) / clients) * periodMs;

  return new Promise<OpenLoopResult>((resolve) => {
    const finishIfDone = () => {
      if (next < total || outstanding > 0) return;
      agent.destroy();
      latencies.sort((a, b) => a - b);
      const counted = latencies.length + errors;
      resolve({
        requests: counted,
        errors,
        errorSamples,
        p50Ms: percentile(latencies, 0.5),
        p99Ms: percentile(latencies, 0.99),
        maxMs: latencies.at(-1) ?? NaN,
        okPerSec: latencies.length / (((sends - warmupSends) * periodMs) / 1000),
      });
    };
    const fire = (n: number) => {
      const client = n % clients;
      const k = Math.floor(n / clients);
      const scheduled = timeOf(n);
      const counted = k >= warmupSends;
      const spec = options.request(client, k);
      outstanding++;
      let settled = false;
      /** Ends this request once: a socket error after the response ended must not count twice. */
      const settle = () => {
        if (settled) return false;
        settled = true;
        outstanding--;
        return true;
      };
      const fail = (why: string) => {
        if (counted) {
          errors++;
          if (errorSamples.length < 5) errorSamples.push(why);
        }
      };
      const req = http.request(
        {
          host: '127.0.0.1',
          port: options.port,
          method: spec.method,
          path: spec.path,
          agent,
          headers: { ...spec.headers, 'content-length': String(spec.body.byteLength) },
        },
        (res) => {
          const ok = res.statusCode! >= 200 && res.statusCode! < 300;
          let text = '';
          res.on('data', (d: Buffer) => {
            if (!ok && text.length < 300) text += d.toString();
          });
          res.on('end', () => {
            if (!settle()) return;
            if (ok) {
              if (counted) latencies.push(performance.now() - scheduled);
            } else fail(`${res.statusCode} ${text.slice(0, 200)}`);
            finishIfDone();
          });
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
      req.on('error', (error) => {
        if (!settle()) return;
        fail(error.message);
        finishIfDone();
      });
      req.end(spec.body);
    };
    const pump = () => {
      const now = performance.now();
      while (next < total && timeOf(next) <= now) fire(next++);
      if (next < total) setTimeout(pump, Math.max(0, timeOf(next) - performance.now()));
      else finishIfDone();
    };
    setTimeout(pump, Math.max(0, t0 - performance.now()));
  });
}
