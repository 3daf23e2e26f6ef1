// HTTP calls of the sync: the API's session routes (api/src/routes/sessions), nothing else.
import { CHUNK_CONTENT_TYPE, CHUNK_SHA256_HEADER } from '../../api/src/contract/chunk.ts';
import type { SessionMetadata, sessionEventSchema } from '../../api/src/contract/sessions.ts';
import type { z } from 'zod';

export type SessionEvent = z.input<typeof sessionEventSchema>;
import type { StoredChunk, StoredSession } from './types.ts';
import type { SyncConsent } from './sync.protocol.ts';
import type { E2eSettings, e2eSettingsInputSchema } from '../../api/src/contract/e2e-params.ts';

export interface SyncEndpoint {
  /** '' for the page's own origin. */
  baseUrl: string;
  headers: () => Record<string, string>;
  fetch?: typeof fetch;
}

export interface ServerSession {
  id: string;
  version: number;
  metadata: SessionMetadata;
  createdAt: string;
  updatedAt: string;
}

/** An HTTP answer the sync cannot proceed past; `status` 0 = network unreachable. */
export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body?: any,
  ) {
    super(message);
    this.name = 'SyncHttpError';
  }
}

/**
 * The loop latency as the metadata's structured `loopLatency` (figures rounded to 0.1 ms). Left out when a
 * required figure is not a finite number (the API refuses it, and the rest of the metadata must still sync).
 */
export function serverLoopLatency(latency: StoredSession['loopLatency']): Pick<SessionMetadata, 'loopLatency'> {
  if (!latency) return {};
  const ms = (v: number) => Math.round(v * 10) / 10;
  const finite = (v: number | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  if (!finite(latency.p50Ms) || !finite(latency.p95Ms) || !finite(latency.filterDelayMs) || !(latency.updates >= 1)) return {};
  const optional = (name: 'p99Ms' | 'windowMs' | 'packetisationMs') => (finite(latency[name]) ? { [name]: ms(latency[name]) } : {});
  return {
    loopLatency: {
      p50Ms: ms(latency.p50Ms),
      p95Ms: Math.max(ms(latency.p95Ms), ms(latency.p50Ms)),
      ...(finite(latency.p99Ms) ? { p99Ms: Math.max(ms(latency.p99Ms), ms(latency.p95Ms), ms(latency.p50Ms)) } : {}),
      updates: Math.round(latency.updates),
      ...optional('windowMs'),
      filterDelayMs: ms(latency.filterDelayMs),
      ...optional('packetisationMs'),
    },
  };
}

/** The title as the API takes it (trimmed, at most 200 characters, no U+0000); empty → omitted. */
function serverTitle(title: string): { title?: string } {
  const clean = title
    // biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is what the API refuses in a title.
    .replace(/\u0000/g, '')
    .trim()
    .slice(0, 200)
    .trim();
  return clean ? { title: clean } : {};
}

/** metadata.consent for what sync runs under (grantedAt null for loopback). */
function serverConsent(consent: SyncConsent | undefined): Pick<SessionMetadata, 'consent'> {
  if (!consent) return {};
  return {
    consent: {
      basis: consent.basis,
      version: consent.version,
      grantedAt: consent.basis === 'consent' ? new Date(consent.grantedAtMs).toISOString() : null,
    },
  };
}

/** The server's metadata shape for a local session, synced under `consent`. */
export function toServerMetadata(session: StoredSession, consent?: SyncConsent): SessionMetadata {
  return {
    device: { name: session.deviceName.slice(0, 128) },
    streams: session.streams,
    startTime: new Date(session.startedAtMs).toISOString(),
    timeBase: 'sample-rate',
    tags: [],
    ...serverTitle(session.title),
    notes: session.notes,
    ...serverLoopLatency(session.loopLatency),
    ...(session.feedbackMapping ? { feedbackMapping: session.feedbackMapping } : {}),
    ...serverConsent(consent),
  };
}

/** A session's markers and gaps as the API's events (gaps carry their cause as the text). */
export function sessionEvents(session: StoredSession): SessionEvent[] {
  const rateOf = new Map(session.streams.map((s) => [s.id, s.sampleRateHz]));
  // Two markers on one sample (a double press) get -2, -3, ...: markers are only ever appended, so the
  // same marker gets the same id on every re-send, and a batch never holds one id twice (the API refuses it).
  const seen = new Map<string, number>();
  const uniqueId = (base: string) => {
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  };
  // A marker that came from the server is there already, under its own id.
  const markers = session.markers
    .filter((m) => m.eventId === undefined)
    .map(
      (m): SessionEvent => ({
        id: uniqueId(m.sample !== undefined && m.streamId ? `marker-${m.streamId}-${m.sample}` : `marker-${Math.round(m.atMs)}`),
        kind: 'marker',
        ...(m.streamId && { stream: m.streamId }),
        onsetSec: Math.max(0, m.atMs / 1000),
        durationSec: 0,
        text: m.text.slice(0, 1000),
      }),
    );
  const gaps = (session.gaps ?? []).flatMap((g): SessionEvent[] => {
    const rate = rateOf.get(g.streamId);
    if (!rate) return [];
    return [
      {
        id: `gap-${g.streamId}-${g.startSample}`,
        kind: 'gap',
        stream: g.streamId,
        onsetSec: g.startSample / rate,
        durationSec: g.lengthSamples / rate,
        text: g.cause,
      },
    ];
  });
  return [...markers, ...gaps];
}

export function makeSyncClient(endpoint: SyncEndpoint) {
  const doFetch = endpoint.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const url = (path: string) => `${endpoint.baseUrl.replace(/\/+$/, '')}/api/v1${path}`;
  async function call(path: string, init: RequestInit = {}): Promise<Response> {
    let res: Response;
    try {
      res = await doFetch(url(path), { ...init, headers: { ...endpoint.headers(), ...(init.headers as Record<string, string>) } });
    } catch (error) {
      throw new SyncHttpError(0, `Server unreachable (${(error as Error).message})`);
    }
    if (!res.ok) {
      const body = await res.json().catch(() => undefined);
      throw new SyncHttpError(res.status, body?.detail ?? `${init.method ?? 'GET'} ${path} answered ${res.status}`, body);
    }
    return res;
  }
  return {
    /** Creates or updates metadata; `etag` from the last answer, undefined on first upload. */
    async putMetadata(id: string, metadata: SessionMetadata, etag?: string): Promise<{ session: ServerSession; etag: string }> {
      const res = await call(`/sessions/${id}`, {
        method: 'PUT',
        body: JSON.stringify(metadata),
        headers: { 'content-type': 'application/json', ...(etag ? { 'if-match': etag } : {}) },
      });
      const session = (await res.json()) as ServerSession;
      return { session, etag: res.headers.get('etag') ?? `"v${session.version}"` };
    },
    /** Seqs (with hashes) the server holds for a stream: the checkpoint to resume from. */
    async listServerChunks(id: string, stream: string): Promise<Map<number, string>> {
      const held = new Map<number, string>();
      let after = -1;
      for (;;) {
        const page = await (await call(`/sessions/${id}/streams/${encodeURIComponent(stream)}/chunks?after=${after}&limit=1000`)).json();
        for (const c of page.chunks) held.set(c.seq, c.sha256);
        if (page.next === null) return held;
        after = page.next;
      }
    },
    /**
     * Idempotent upload of one chunk (the server re-hashes and answers 200 for a repeat); `encrypted`
     * replaces its bytes for an end-to-end encrypted session.
     */
    async putChunk(chunk: StoredChunk, encrypted?: { bytes: Uint8Array; sha256: string }): Promise<void> {
      await call(`/sessions/${chunk.sessionId}/streams/${encodeURIComponent(chunk.streamId)}/chunks/${chunk.seq}`, {
        method: 'PUT',
        body: (encrypted?.bytes ?? chunk.bytes) as Uint8Array<ArrayBuffer>,
        headers: { 'content-type': CHUNK_CONTENT_TYPE, [CHUNK_SHA256_HEADER]: encrypted?.sha256 ?? chunk.sha256 },
      });
    },
    /** Markers and gaps as session events; ids derive from their position, so re-sending is harmless. */
    async postEvents(session: StoredSession): Promise<void> {
      await this.postEventList(session.id, sessionEvents(session));
    },
    async postEventList(id: string, events: SessionEvent[]): Promise<void> {
      if (!events.length) return;
      await call(`/sessions/${id}/events`, {
        method: 'POST',
        body: JSON.stringify({ events }),
        headers: { 'content-type': 'application/json' },
      });
    },
    /** Every event (markers and gaps) the server holds for a session. */
    async listEvents(id: string): Promise<SessionEvent[]> {
      return (await (await call(`/sessions/${id}/events`)).json()).events;
    },
    /** The account's end-to-end encryption; a server without the route (404) or a device key (403) has none. */
    async getEncryption(): Promise<E2eSettings> {
      try {
        return (await (await call('/me/encryption')).json()) as E2eSettings;
      } catch (error) {
        if (error instanceof SyncHttpError && (error.status === 404 || error.status === 403)) return { enabled: false, configured: false };
        throw error;
      }
    },
    /** Sets up the account's encryption (parameters and key check; never the key), or turns it on or off. */
    async putEncryption(body: z.input<typeof e2eSettingsInputSchema>): Promise<E2eSettings> {
      const res = await call('/me/encryption', { method: 'PUT', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      return (await res.json()) as E2eSettings;
    },
    /** The session's markers on the server (the studio's own and those other programs posted). */
    async listMarkerEvents(id: string): Promise<SessionEvent[]> {
      return (await (await call(`/sessions/${id}/events?kind=marker`)).json()).events;
    },
    async getChunk(id: string, stream: string, seq: number): Promise<Uint8Array> {
      return new Uint8Array(await (await call(`/sessions/${id}/streams/${encodeURIComponent(stream)}/chunks/${seq}`)).arrayBuffer());
    },
    async listSessions(): Promise<ServerSession[]> {
      const all: ServerSession[] = [];
      let cursor: string | null = null;
      do {
        const page: { sessions: ServerSession[]; next: string | null } = await (
          await call(`/sessions?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        ).json();
        all.push(...page.sessions);
        cursor = page.next;
      } while (cursor);
      return all;
    },
    async reachable(): Promise<boolean> {
      try {
        const res = await doFetch(`${endpoint.baseUrl.replace(/\/+$/, '')}/health`, { cache: 'no-store' });
        return res.ok;
      } catch {
        return false;
      }
    },
  };
}

export type SyncClient = ReturnType<typeof makeSyncClient>;
