// The typed context every route sees: who is asking (identity), the request id, the logger and
// the shared services (database, metrics, DSP engines, job tracker).
import type { Logger } from 'pino';
import type { Services } from './services.ts';

/** Who a request acts for. Local mode has one implicit owner; issue 4's auth replaces it per request. */
export interface Identity {
  ownerId: string;
  kind: 'local' | 'user' | 'device';
  role: 'admin' | 'user' | 'device';
}

export type AppEnv = {
  Variables: {
    identity: Identity;
    requestId: string;
    logger: Logger;
    services: Services;
  };
};
