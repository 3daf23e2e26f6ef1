// The filter pool on a real host: Node worker_threads (the server, benchmarks, tests) or Web Workers
// (a page or a worker that spawns workers). Both run filter-pool.worker.ts; see filter-pool.ts.
import { createFilterPool, type FilterPool, type FilterReply, type PoolWorker } from './filter-pool.ts';

export type { FilterPool } from './filter-pool.ts';

interface NodeWorker {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  on(event: 'message', listener: (message: FilterReply) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
  ref(): void;
  unref(): void;
  terminate(): Promise<number>;
}

interface NodeHost {
  Worker: new (url: URL, options: { execArgv: string[] }) => NodeWorker;
  cores: number;
}

async function nodeHost(): Promise<NodeHost> {
  // the specifiers are variables so that bundlers leave them alone (see load-albi.ts)
  const [threads, os] = ['node:worker_threads', 'node:os'];
  const { Worker } = (await import(/* @vite-ignore */ threads)) as Pick<NodeHost, 'Worker'>;
  const { availableParallelism } = (await import(/* @vite-ignore */ os)) as { availableParallelism(): number };
  return { Worker, cores: availableParallelism() };
}

function adaptNode(worker: NodeWorker): PoolWorker {
  let ended = false;
  worker.unref();
  return {
    postMessage: (message, transfer) => worker.postMessage(message, transfer),
    listen(onReply, onDeath) {
      const die = (error: Error): void => {
        if (ended) return;
        ended = true;
        onDeath(error);
      };
      worker.on('message', onReply);
      worker.on('error', die);
      worker.on('exit', (code) => die(new Error(`exited with code ${code}`)));
    },
    hold: (busy) => (busy ? worker.ref() : worker.unref()),
    terminate() {
      ended = true;
      void worker.terminate();
    },
  };
}

/**
 * A pool of Node worker_threads (default: one per core) that filter with dsp-wasm/build/albi.wasm.
 * Idle workers do not keep the process alive; close() ends them.
 * @example
 *   const pool = await createNodeFilterPool();
 *   const filtered = await pool.sosfiltfiltChannels(sos, channels); // = albi.sosfiltfiltChannels
 */
export async function createNodeFilterPool(size?: number): Promise<FilterPool> {
  const host = await nodeHost();
  // filter-pool.node-worker.mjs loads the TypeScript worker through tsx, as the server runs (node --import tsx)
  const url = new URL('./filter-pool.node-worker.mjs', import.meta.url);
  return createFilterPool(() => adaptNode(new host.Worker(url, { execArgv: [] })), size ?? Math.max(1, host.cores));
}

/**
 * A pool of Web Workers (default: navigator.hardwareConcurrency) loading albi.wasm from `albiUrl`
 * (e.g. `import albiUrl from '../../dsp-wasm/build/albi.wasm?url'`).
 */
export function createWebFilterPool(albiUrl: string, size?: number): FilterPool {
  const spawn = (): PoolWorker => {
    const worker = new Worker(new URL('./filter-pool.worker.ts', import.meta.url), { type: 'module', name: 'albi-filter' });
    return {
      postMessage: (message, transfer) => worker.postMessage(message, transfer),
      listen(onReply, onDeath) {
        let ended = false;
        const die = (error: Error): void => {
          if (!ended) onDeath(error);
          ended = true;
        };
        worker.addEventListener('message', (event: MessageEvent<FilterReply>) => onReply(event.data));
        worker.addEventListener('error', (event: ErrorEvent) => die(new Error(event.message || 'the worker failed to start')));
        worker.addEventListener('messageerror', () => die(new Error('a message could not be read')));
      },
      terminate: () => worker.terminate(),
    };
  };
  return createFilterPool(spawn, size ?? Math.max(1, navigator.hardwareConcurrency || 2), albiUrl);
}
