// TAL parsing: time-keeping TAL, several texts per TAL, durations, negative onsets, malformed lists.

import { describe, expect, it } from 'vitest';
import { encodeTal, parseTals } from './tal.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('EDF+ TAL', () => {
  it('parses a record with a time-keeping TAL, multi-text TALs and padding zeros', () => {
    const { tals, malformed } = parseTals(enc('+12.5\x14\x14\0+13\x151.25\x14blink\x14jaw\x14\0-0.5\x14early\x14\0\0\0\0'));
    expect(malformed).toBe(0);
    expect(tals).toEqual([
      { onsetSec: 12.5, durationSec: 0, texts: [''] },
      { onsetSec: 13, durationSec: 1.25, texts: ['blink', 'jaw'] },
      { onsetSec: -0.5, durationSec: 0, texts: ['early'] },
    ]);
  });

  it('counts malformed TALs instead of throwing', () => {
    const { tals, malformed } = parseTals(enc('12\x14no sign\x14\0+1\x15abc\x14bad duration\x14\0+2\x14ok\x14\0'));
    expect(tals).toEqual([{ onsetSec: 2, durationSec: 0, texts: ['ok'] }]);
    expect(malformed).toBe(2);
  });

  it('encodes what it parses (UTF-8 text, microsecond onsets, separators in text replaced)', () => {
    const bytes = encodeTal(3.1234567, 0.5, ['Augen zu – α\x14x']);
    expect(parseTals(bytes).tals).toEqual([{ onsetSec: 3.123457, durationSec: 0.5, texts: ['Augen zu – α x'] }]);
  });
});
