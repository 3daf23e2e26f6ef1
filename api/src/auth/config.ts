// Configuration of the security layer, read once from the environment. Two modes:
//   local    (default on loopback): one implicit owner, no login; Host/Origin/content-type guards.
//   required (AUTH=required, default whenever HOST is not loopback): every API route needs an identity.
export type AuthMode = 'local' | 'required';

/** A rate-limit budget: `limit` cost units per `windowMs`. */
export interface Budget {
  limit: number;
  windowMs: number;
}

export interface SecurityConfig {
  mode: AuthMode;
  /** JWT `iss` and `aud`. */
  issuer: string;
  audience: string;
  /** Access-token lifetime in seconds (15 min). */
  accessTtlSec: number;
  /** Absolute lifetime of a refresh-token family in seconds: rotation never extends it. */
  refreshTtlSec: number;
  /** Seconds after a rotation during which the old refresh token may be presented again (concurrent tabs). */
  refreshGraceSec: number;
  /** Ed25519 private key (PKCS#8 PEM); when absent one is generated once and kept in the database. */
  privateKeyPem?: string;
  /** Extra origins allowed besides the server's own (cloud deployments behind another hostname). */
  allowedOrigins: string[];
  /** E-mail addresses whose accounts get the admin role at registration. */
  adminEmails: string[];
  /** Trust X-Forwarded-For for the client IP (only behind a reverse proxy you control). */
  trustProxy: boolean;
  /** Budgets: per IP for anonymous callers and auth routes; per identity; per identity for ingest and chunks. */
  budgets: { anonymous: Budget; auth: Budget; identity: Budget; ingest: Budget; loginFailures: Budget };
  /** Longest a handler may take before 504 (ms). */
  requestTimeoutMs: number;
  /** Largest request body any route accepts (bytes); routes set their own smaller limits. */
  maxBodyBytes: number;
  /** Deepest JSON nesting accepted (objects + arrays). */
  maxJsonDepth: number;
}

const FIFTEEN_MIN_MS = 15 * 60_000;

/** True for names that only reach this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Builds the configuration from environment variables (see docs/security.md for the list).
 * @example const config = securityConfigFromEnv(process.env);
 */
export function securityConfigFromEnv(env: Record<string, string | undefined> = process.env): SecurityConfig {
  const host = env.HOST ?? '127.0.0.1';
  const auth = env.AUTH?.toLowerCase();
  const mode: AuthMode =
    auth === 'required' ? 'required' : auth === 'local' || auth === 'off' ? 'local' : isLoopbackHost(host) ? 'local' : 'required';
  const num = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return env[name] !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    mode,
    issuer: env.AUTH_ISSUER ?? 'clisonix',
    audience: env.AUTH_AUDIENCE ?? 'clisonix-api',
    accessTtlSec: 15 * 60,
    refreshTtlSec: num('AUTH_REFRESH_TTL_SEC', 30 * 24 * 3600),
    refreshGraceSec: num('AUTH_REFRESH_GRACE_SEC', 10),
    privateKeyPem: env.AUTH_JWT_PRIVATE_KEY?.replace(/\\n/g, '\n') || undefined,
    allowedOrigins: (env.AUTH_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    adminEmails: (env.AUTH_ADMIN_EMAILS ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
    trustProxy: env.TRUST_PROXY === '1',
    budgets: {
      anonymous: { limit: num('RATE_LIMIT_ANONYMOUS', 100), windowMs: FIFTEEN_MIN_MS },
      auth: { limit: num('RATE_LIMIT_AUTH', 100), windowMs: FIFTEEN_MIN_MS },
      identity: { limit: num('RATE_LIMIT_IDENTITY', 5_000), windowMs: FIFTEEN_MIN_MS },
      // Live data must never be throttled: 8 streams of 1 s chunks plus readings at 50/s fit with room.
      ingest: { limit: num('RATE_LIMIT_INGEST', 200_000), windowMs: FIFTEEN_MIN_MS },
      loginFailures: { limit: 10, windowMs: FIFTEEN_MIN_MS },
    },
    requestTimeoutMs: num('REQUEST_TIMEOUT_MS', 30_000),
    maxBodyBytes: num('MAX_BODY_BYTES', 16 * 1_048_576),
    maxJsonDepth: 64,
  };
}
