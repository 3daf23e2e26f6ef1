// The body length a request declares, when HTTP guarantees it: a Content-Length without a
// Transfer-Encoding (Node's parser then delivers exactly that many bytes, never more).
//
// Why it matters: on @hono/node-server, touching `c.req.raw.body` (or `.signal`) turns the
// lightweight request into a full web Request with a ReadableStream around the socket, which costs
// more than a small route's whole work. Size checks that read only the header keep a chunk or
// reading upload on the cheap path; bodies without a usable length are still counted as they stream.
import type { Context } from 'hono';

/** Content-Length as a number when it is the exact body length; undefined otherwise (streamed, chunked, absent). */
export function declaredLength(c: Context): number | undefined {
  if (c.req.header('transfer-encoding') !== undefined) return undefined;
  const header = c.req.header('content-length');
  if (header === undefined || !/^\d{1,15}$/.test(header.trim())) return undefined;
  return Number(header);
}
