// Byte <-> text helpers for fixed-width ASCII headers (EDF/BDF). Latin-1 so every byte maps to one char
// and offsets stay exact; no TextDecoder needed (works in workers, Node and the browser alike).

/** Decode bytes [start, start+length) as Latin-1. */
export function latin1(bytes: Uint8Array, start: number, length: number): string {
  let s = '';
  const end = Math.min(bytes.length, start + length);
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/** Write `text` into `out` at `offset`, space-padded or cut to `width` bytes (non-ASCII becomes '?'). */
export function writeAsciiField(out: Uint8Array, offset: number, width: number, text: string): void {
  for (let i = 0; i < width; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x20;
    out[offset + i] = c >= 0x20 && c < 0x7f ? c : 0x3f;
  }
}
