// Node's worker_threads entry of the filter pool: registers tsx's loader in this thread, then loads the
// TypeScript worker (filter-pool.worker.ts). A bootstrap because Node 20 applies `--import tsx` from a
// worker's execArgv only after the worker's own entry module has been loaded.
import { register } from 'tsx/esm/api';

register();
await import('./filter-pool.worker.ts');
