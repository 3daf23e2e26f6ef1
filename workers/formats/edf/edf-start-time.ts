// EDF start date 'dd.mm.yy' and time 'hh.mm.ss'. Two-digit years follow the spec's 1985-2084 rule
// (85-99 -> 19xx, 00-84 -> 20xx) unless EDF+ gives the full year in the recording field
// ('Startdate 12-AUG-2009 ...'), which wins (the spec's 'yy' becomes 'yy' of that year).

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

const pad2 = (n: number) => String(n).padStart(2, '0');

/** ISO 'YYYY-MM-DDTHH:MM:SS' (no zone: EDF stores local time) or null if the fields are not a date. */
export function parseEdfStart(date: string, time: string, recordingField: string): string | null {
  const d = /^(\d\d)\.(\d\d)\.(\d\d)$/.exec(date.trim());
  const t = /^(\d\d)\.(\d\d)\.(\d\d)$/.exec(time.trim());
  if (!d || !t) return null;
  // Our writer's placeholder for an unknown start (EDF+ 'Startdate X' with the epoch 01.01.85 00.00.00).
  if (/^Startdate X/.test(recordingField) && d[0] === '01.01.85' && t[0] === '00.00.00') return null;
  const yy = Number(d[3]);
  let year = yy >= 85 ? 1900 + yy : 2000 + yy;
  const plus = /^Startdate (\d\d)-([A-Z]{3})-(\d{4})/i.exec(recordingField);
  if (plus) year = Number(plus[3]);
  const [month, day] = [Number(d[2]), Number(d[1])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${year}-${pad2(month)}-${pad2(day)}T${t[1]}:${t[2]}:${t[3]}`;
}

/** Header fields for an ISO start 'YYYY-MM-DDTHH:MM:SS[.fff]'; the year outside 1985-2084 is kept only in EDF+ 'Startdate'. */
export function formatEdfStart(iso: string): { date: string; time: string; startdate: string } {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)/.exec(iso);
  if (!m) return { date: '01.01.85', time: '00.00.00', startdate: 'Startdate X' };
  const [, y, mo, d, h, mi, s] = m;
  return {
    date: `${d}.${mo}.${y.slice(2)}`,
    time: `${h}.${mi}.${s}`,
    startdate: `Startdate ${d}-${MONTHS[Number(mo) - 1]}-${y}`,
  };
}
