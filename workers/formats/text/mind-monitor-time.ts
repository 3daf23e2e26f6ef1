// Mind Monitor 'TimeStamp' values: 'YYYY-MM-DD HH:MM:SS.fff' (local time, no zone) or, after a trip
// through a spreadsheet, 'MM:SS.f' (date and hours lost; such clocks restart every hour).

/** Seconds on an arbitrary but consistent axis, or NaN. Full form is read as if UTC (only differences matter). */
export function mindMonitorSeconds(text: string): { seconds: number; full: boolean } {
  const t = text.trim();
  const full = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d(?:\.\d+)?)$/.exec(t);
  if (full) {
    const [, y, mo, d, h, mi, s] = full;
    const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
    return { seconds: ms / 1000 + Number(s), full: true };
  }
  const short = /^(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(t);
  if (short) return { seconds: Number(short[1] ?? 0) * 3600 + Number(short[2]) * 60 + Number(short[3]), full: false };
  return { seconds: Number.NaN, full: false };
}

/** ISO 'YYYY-MM-DDTHH:MM:SS.fff' for a full timestamp, as stored (no zone); null for mangled ones. */
export function mindMonitorIso(text: string): string | null {
  const m = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d(?:\.\d+)?)$/.exec(text.trim());
  return m ? `${m[1]}T${m[2]}` : null;
}

/** Undo the hourly restart of mangled 'MM:SS.f' clocks: add 3600 s after each backwards jump of over 30 min. */
export class HourWrap {
  private offset = 0;
  private last = Number.NaN;
  unwrap(seconds: number): number {
    if (seconds + this.offset < this.last - 1800) this.offset += 3600;
    this.last = seconds + this.offset;
    return this.last;
  }
}
