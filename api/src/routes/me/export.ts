// GET /api/v1/me/export: everything the caller owns as one JSON document, streamed so that hours
// of samples never sit in memory at once. Sessions carry their events and their samples decoded
// from the chunk layout into plain numbers (channel-major: one array per channel), so the file
// opens in any JSON reader; the chunks of an end-to-end encrypted session stay encrypted (base64 bytes,
// which only the user's key opens). Other tables are their rows as stored.
import { asc, eq } from 'drizzle-orm';
import { decodeChunk, decodeChunkHeader } from '../../contract/chunk.ts';
import type { Identity } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { chunks, sessionEvents, sessions, users } from '../../db/schema.ts';
import { ownedTables } from './owned-tables.ts';

const PAGE_ROWS = 500;

/** The export document as a sequence of JSON text pieces. */
export async function* exportPieces(db: Db, identity: Identity): AsyncGenerator<string> {
  const [account] =
    identity.kind === 'user'
      ? await db
          .select({ id: users.id, email: users.email, role: users.role, createdAt: users.createdAt })
          .from(users)
          .where(eq(users.id, identity.ownerId))
      : [];
  yield `{"format":"clisonix-export","version":1,"exported_at":${JSON.stringify(new Date().toISOString())},`;
  yield `"account":${JSON.stringify(account ?? { id: identity.ownerId, kind: identity.kind })},"sessions":[`;
  const owned = await db.select().from(sessions).where(eq(sessions.ownerId, identity.ownerId)).orderBy(asc(sessions.createdAt));
  for (const [i, session] of owned.entries()) {
    const events = await db.select().from(sessionEvents).where(eq(sessionEvents.sessionId, session.id));
    yield `${i ? ',' : ''}{"session":${JSON.stringify(session)},"events":${JSON.stringify(events)},"chunks":[`;
    // One page of chunks at a time, in stream/seq order.
    for (let offset = 0, first = true; ; offset += PAGE_ROWS) {
      const page = await db
        .select()
        .from(chunks)
        .where(eq(chunks.sessionId, session.id))
        .orderBy(asc(chunks.stream), asc(chunks.seq))
        .limit(PAGE_ROWS)
        .offset(offset);
      for (const row of page) {
        const place = { stream: row.stream, seq: row.seq, first_sample: row.firstSample, sample_count: row.sampleCount, sha256: row.sha256 };
        // An encrypted chunk (end-to-end encrypted session) goes out as its bytes: only the user's key opens it.
        const samples = decodeChunkHeader(row.data).encrypted
          ? { encrypted_base64: Buffer.from(row.data).toString('base64') }
          : { channels: decodeChunk(row.data).channels.map((channel) => Array.from(channel)) };
        yield `${first ? '' : ','}${JSON.stringify({ ...place, ...samples })}`;
        first = false;
      }
      if (page.length < PAGE_ROWS) break;
    }
    yield ']}';
  }
  yield ']';
  for (const owned of ownedTables.filter((t) => t.table !== sessions)) {
    const rows = await db.select(owned.exportColumns).from(owned.table).where(eq(owned.ownerId, identity.ownerId));
    yield `,${JSON.stringify(owned.name)}:${JSON.stringify(rows)}`;
  }
  yield '}';
}

/** The export as a byte stream for a response body. */
export function exportStream(db: Db, identity: Identity): ReadableStream<Uint8Array> {
  const pieces = exportPieces(db, identity);
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      const { value, done } = await pieces.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await pieces.return(undefined);
    },
  });
}
