import { createRouter } from '../../http/router.ts';
import { clientRoutes } from './clients.ts';
import { communicateRoutes } from './communicate.ts';
import { registryRoutes } from './registry.ts';

/** Orchestrator: registry, status, routing, metrics (original port 9999). */
export const orchestratorApp = () => createRouter().route('/', registryRoutes).route('/', clientRoutes).route('/', communicateRoutes);
