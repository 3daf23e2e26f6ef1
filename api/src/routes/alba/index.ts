import { createRouter } from '../../http/router.ts';
import { dataRoutes } from './data.ts';
import { ingestRoutes } from './ingest.ts';

/** ALBA: telemetry collection (original port 5555). */
export const albaApp = () => createRouter().route('/', ingestRoutes).route('/', dataRoutes);
