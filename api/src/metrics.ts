// Prometheus metrics (prom-client). One registry per app instance, so that tests and the compat
// listeners never share counters by accident.
import client from 'prom-client';

export function createMetrics() {
  const registry = new client.Registry();
  const httpRequests = new client.Counter({
    name: 'clisonix_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const httpDuration = new client.Histogram({
    name: 'clisonix_http_request_duration_seconds',
    help: 'HTTP request latency in seconds',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const ingested = new client.Counter({ name: 'clisonix_alba_readings_ingested_total', help: 'ALBA readings stored', registers: [registry] });
  const analyses = new client.Counter({ name: 'clisonix_albi_analyses_total', help: 'ALBI analyses computed', registers: [registry] });
  const chunkBytes = new client.Counter({ name: 'clisonix_session_chunk_bytes_total', help: 'Session chunk bytes stored', registers: [registry] });
  const queueDepth = new client.Gauge({ name: 'clisonix_jona_queue_depth', help: 'JONA audio renders in progress', registers: [registry] });
  const dbDuration = new client.Histogram({
    name: 'clisonix_db_duration_seconds',
    help: 'Database time per operation in seconds',
    labelNames: ['op'],
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [registry],
  });
  client.collectDefaultMetrics({ register: registry, prefix: 'clisonix_' });
  return { registry, httpRequests, httpDuration, ingested, analyses, chunkBytes, queueDepth, dbDuration };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * Runs a database operation and records its duration under `op`.
 * @example const rows = await timeDb(metrics, 'sessions.list', () => db.select()...)
 */
export async function timeDb<T>(metrics: Metrics, op: string, work: () => Promise<T>): Promise<T> {
  const end = metrics.dbDuration.startTimer({ op });
  try {
    return await work();
  } finally {
    end();
  }
}
