// Parses a single HTTP byte range (RFC 9110 section 14): `bytes=a-b`, `bytes=a-` and `bytes=-n`.
// Several ranges in one header are answered with the whole file (allowed by the RFC).

export type RangeResult = { start: number; end: number } | 'unsatisfiable' | null;

/**
 * @returns the inclusive byte range, 'unsatisfiable' (answer 416), or null (ignore: send all).
 * @example parseRange('bytes=0-99', 1000) // { start: 0, end: 99 }
 */
export function parseRange(header: string | undefined, total: number): RangeResult {
  if (!header) return null;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return header.includes(',') || !/^\s*bytes\s*=/i.test(header) ? null : 'unsatisfiable';
  const [, a, b] = match;
  if (a === '' && b === '') return 'unsatisfiable';
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0 || total === 0) return 'unsatisfiable';
    return { start: Math.max(0, total - suffix), end: total - 1 };
  }
  const start = Number(a);
  const end = b === '' ? total - 1 : Math.min(Number(b), total - 1);
  if (start >= total || end < start) return 'unsatisfiable';
  return { start, end };
}
