// Which routes need what, in one table: public routes, the routes device keys may use (ingest
// only), admin-only routes, the auth routes with their own per-IP budget, and the cost of each
// request in rate-limit units. Paths are matched both with a service prefix (/alba/ingest on the
// main port) and bare (/ingest on the original compat ports).

const SERVICE = '(?:/(?:alba|albi|jona|orchestrator))?';

/**
 * Paths the API answers (everything else that is GET/HEAD is the PWA's static files and its
 * client-side routes: /live, /sessions, /status...). Bare names are the compat ports' paths;
 * `status` only as /status/dashboard, since the studio has a /status page of its own.
 */
const API_PATH =
  /^\/(?:(?:api|alba|albi|jona|orchestrator|metrics|ingest|data|analyze|insights|anomalies|synthesize|coordinate|queue|registry|communicate|clients)(?:\/|$)|status\/dashboard$)/;

const PUBLIC = [
  /^\/health$/,
  new RegExp(`^${SERVICE}/health$`),
  /^\/openapi\.json$/,
  /^\/docs(?:\/.*)?$/,
  /^\/api\/v1\/auth\/(?:register|login|refresh|logout)$/,
];

/** Method + path a device key (`ck_`) may call: ingest of readings, sessions, chunks and markers. */
const DEVICE = [
  ['POST', new RegExp(`^${SERVICE}/ingest$`)],
  ['PUT', /^\/api\/v1\/sessions\/[^/]+$/],
  ['PUT', /^\/api\/v1\/sessions\/[^/]+\/streams\/[^/]+\/chunks\/[^/]+$/],
  ['POST', /^\/api\/v1\/sessions\/[^/]+\/events$/],
] as const;

const ADMIN = [new RegExp(`^${SERVICE}/communicate$`), new RegExp(`^${SERVICE}/metrics(?:/aggregated)?$`), /^\/api\/v1\/admin(?:\/|$)/];

/** Cost in rate-limit units; one unit is a cheap read. */
const COSTS: [string, RegExp, number][] = [
  ['GET', new RegExp(`^${SERVICE}/synthesize/[^/]+/audio$`), 20],
  ['POST', new RegExp(`^${SERVICE}/synthesize$`), 10],
  ['POST', new RegExp(`^${SERVICE}/coordinate$`), 20],
  ['POST', new RegExp(`^${SERVICE}/analyze$`), 5],
  ['POST', /^\/api\/v1\/sessions\/[^/]+\/analysis$/, 10],
  ['GET', /^\/api\/v1\/me\/export$/, 20],
  ['POST', /^\/api\/v1\/auth\/(?:register|login)$/, 5],
];

const methodOf = (method: string) => (method === 'HEAD' ? 'GET' : method);

export function isStaticAsset(method: string, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && !API_PATH.test(path) && !PUBLIC.some((p) => p.test(path));
}

/** Routes anyone may call, even in cloud mode. */
export function isPublic(method: string, path: string): boolean {
  return method === 'OPTIONS' || PUBLIC.some((p) => p.test(path)) || isStaticAsset(method, path);
}

export function isDeviceRoute(method: string, path: string): boolean {
  return DEVICE.some(([m, p]) => m === methodOf(method) && p.test(path));
}

/** Ingest and chunk upload: drawn from the larger ingest budget. */
export const isIngestRoute = isDeviceRoute;

export function isAdminRoute(path: string): boolean {
  return ADMIN.some((p) => p.test(path));
}

export function isAuthRoute(path: string): boolean {
  return /^\/api\/v1\/auth(?:\/|$)/.test(path);
}

/** Rate-limit cost of a request; bodies count one extra unit per started 64 KiB. */
export function costOf(method: string, path: string, contentLength: number): number {
  const base = COSTS.find(([m, p]) => m === methodOf(method) && p.test(path))?.[2] ?? 1;
  return base + Math.floor(Math.max(0, contentLength) / 65_536);
}

/** Routes that legitimately take long: a recording import parses a whole file, a session analysis reads every chunk. */
const SLOW: [string, RegExp, number][] = [
  ['POST', /^\/api\/v1\/sessions\/import$/, 600_000],
  ['POST', /^\/api\/v1\/sessions\/[^/]+\/analysis$/, 120_000],
  ['GET', /^\/api\/v1\/(?:me|sessions\/[^/]+)\/export$/, 120_000],
];

/** Time to the first byte allowed for a request (ms). */
export function timeoutFor(method: string, path: string, fallbackMs: number): number {
  return Math.max(fallbackMs, SLOW.find(([m, p]) => m === methodOf(method) && p.test(path))?.[2] ?? 0);
}
