// The filter pool's worker (filter-pool.ts): a Web Worker in the browser, a worker_threads Worker in Node.
// The first message says where albi.wasm is; every later one is a FilterRequest, answered in order.
import { type FilterInit, type FilterReply, type FilterRequest, serveFilterRequests } from './filter-pool.ts';
import { loadAlbi } from './load-albi.ts';

/** The one port both hosts give a worker: `self` in a Web Worker, worker_threads' parentPort in Node. */
interface Port {
  postMessage(message: FilterReply, transfer: ArrayBuffer[]): void;
  listen(onMessage: (message: FilterInit | FilterRequest) => void): void;
}

async function openPort(): Promise<Port> {
  const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
  if (typeof node === 'string') {
    // the specifier is a variable so that bundlers leave it alone (see load-albi.ts)
    const name = 'node:worker_threads';
    const { parentPort } = (await import(/* @vite-ignore */ name)) as {
      parentPort: { postMessage(m: unknown, t: ArrayBuffer[]): void; on(e: 'message', f: (m: never) => void): void };
    };
    return { postMessage: (m, t) => parentPort.postMessage(m, t), listen: (f) => parentPort.on('message', f) };
  }
  return {
    postMessage: (m, t) => self.postMessage(m, t),
    listen: (f) => self.addEventListener('message', (event) => f((event as MessageEvent<FilterInit | FilterRequest>).data)),
  };
}

const port = await openPort();
let serve: Promise<(request: FilterRequest) => void> | null = null;
port.listen((message) => {
  if (message.type === 'init') {
    serve = loadAlbi(message.albiUrl).then((albi) => serveFilterRequests(albi, (reply, transfer) => port.postMessage(reply, transfer)));
    serve.catch((error: unknown) => port.postMessage({ type: 'failed', message: `albi.wasm did not load: ${String(error)}` }, []));
    return;
  }
  if (!serve) {
    port.postMessage({ type: 'failed', message: 'a request came before init' }, []);
    return;
  }
  // requests are answered in the order they came: each waits on the same (settled) promise
  void serve.then(
    (handle) => handle(message),
    () => {},
  );
});
