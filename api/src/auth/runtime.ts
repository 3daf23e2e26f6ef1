// The per-server state of the security layer, shared by every listener of one Services (main port
// and compat ports): configuration, signing keys, rate-limit store, circuit breakers.
import type { KeyObject } from 'node:crypto';
import type { Services } from '../services.ts';
import type { CircuitBreaker } from '../middleware/circuit-breaker/index.ts';
import { memoryStore, postgresStore, type RateLimitStore } from '../middleware/rate-limit/index.ts';
import { securityConfigFromEnv, type SecurityConfig } from './config.ts';
import { publicKeyOf } from './jwt.ts';
import { loadSigningKey } from './signing-key.ts';

export interface SecurityRuntime {
  config: SecurityConfig;
  store: RateLimitStore;
  breakers: Map<string, CircuitBreaker>;
  keys(): Promise<{ privateKey: KeyObject; publicKey: KeyObject }>;
}

const runtimes = new WeakMap<Services, SecurityRuntime>();
const overrides = new WeakMap<Services, SecurityConfig>();

/**
 * Sets the configuration for an app built on `services` (tests, embedders); by default it comes
 * from the environment. Call before createApp().
 * @example configureSecurity(services, { ...securityConfigFromEnv({}), mode: 'required' })
 */
export function configureSecurity(services: Services, config: SecurityConfig): void {
  if (runtimes.has(services)) throw new Error('configureSecurity() must be called before the app is created.');
  overrides.set(services, config);
}

/** The runtime of `services`, created on first use. */
export function securityRuntime(services: Services): SecurityRuntime {
  let runtime = runtimes.get(services);
  if (runtime) return runtime;
  const config = overrides.get(services) ?? securityConfigFromEnv(process.env);
  const db = services.database.db;
  let keys: Promise<{ privateKey: KeyObject; publicKey: KeyObject }> | undefined;
  runtime = {
    config,
    // PostgreSQL: counters shared by every process on that server (WORKERS, instances behind a
    // load balancer), so a budget is reached at the same total whichever process answers. PGlite:
    // its data folder has one owner process, so a Map is the whole truth and costs no round trip.
    store: services.database.kind === 'postgres' ? postgresStore(db) : memoryStore(),
    // Per process on purpose: a breaker protects this process from waiting on a failing
    // destination; each process learns that after a few failed calls of its own, and sharing the
    // state would add a database round trip to every inter-service call.
    breakers: new Map(),
    keys() {
      keys ??= loadSigningKey(db, config.privateKeyPem).then(
        (privateKey) => ({ privateKey, publicKey: publicKeyOf(privateKey) }),
        (error) => {
          keys = undefined; // a database hiccup at first use must not disable logins until restart
          throw error;
        },
      );
      return keys;
    },
  };
  runtimes.set(services, runtime);
  return runtime;
}
