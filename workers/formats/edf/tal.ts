// EDF+ Time-stamped Annotation Lists (TAL): '+onset[\x15duration]\x14text\x14[text\x14...]\0'.
// The first TAL of every data record is the time-keeping TAL ('+onset\x14\x14\0'): the record's onset
// in seconds from the file start. Text is UTF-8 by the EDF+ spec.

export interface Tal {
  onsetSec: number;
  durationSec: number;
  texts: string[];
}

const utf8 = new TextDecoder('utf-8');
const TAL_START = /^[+-]\d+(\.\d*)?$/;

/** Parse every TAL in one record's annotation bytes. Malformed TALs are skipped and counted. */
export function parseTals(bytes: Uint8Array): { tals: Tal[]; malformed: number } {
  const tals: Tal[] = [];
  let malformed = 0;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0) continue;
    if (i > start) {
      const tal = parseOneTal(bytes.subarray(start, i));
      if (tal) tals.push(tal);
      else malformed++;
    }
    start = i + 1;
  }
  return { tals, malformed };
}

function parseOneTal(bytes: Uint8Array): Tal | null {
  const parts = utf8.decode(bytes).split('\x14');
  if (parts.length < 2) return null;
  const [timing, ...texts] = parts;
  if (texts.length > 0 && texts[texts.length - 1] === '') texts.pop();
  const [onsetText, durationText] = timing.split('\x15');
  if (!TAL_START.test(onsetText)) return null;
  const durationSec = durationText === undefined || durationText === '' ? 0 : Number(durationText);
  if (!Number.isFinite(durationSec)) return null;
  return { onsetSec: Number(onsetText), durationSec, texts };
}

/** Encode one TAL (onset with sign, optional duration) as bytes ending in '\x14\0'. */
export function encodeTal(onsetSec: number, durationSec: number, texts: string[]): Uint8Array {
  const onset = (onsetSec >= 0 ? '+' : '-') + formatSeconds(Math.abs(onsetSec));
  const timing = durationSec > 0 ? `${onset}\x15${formatSeconds(durationSec)}` : onset;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: 0x00, 0x14, 0x15 are the TAL separators a text must not contain.
  const body = `${timing}\x14${texts.length ? `${texts.map((t) => t.replace(/[\x00\x14\x15]/g, ' ')).join('\x14')}\x14` : '\x14'}\0`;
  return new TextEncoder().encode(body);
}

/** Shortest decimal that keeps microseconds, no exponent (TAL forbids it). */
export function formatSeconds(sec: number): string {
  const s = (Math.round(sec * 1e6) / 1e6).toFixed(6);
  return s.replace(/\.?0+$/, '') || '0';
}
