// BIDS tabular files: tab-separated, a header row, 'n/a' for a missing value, UTF-8, a final newline.

type Cell = string | number | null | undefined;

const text = (v: Cell) =>
  v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v)) || v === '' ? 'n/a' : String(v).replace(/[\t\r\n]+/g, ' ');

/** @example tsv(['onset', 'duration'], [[1.5, 0]]) // 'onset\tduration\n1.5\t0\n' */
export function tsv(columns: readonly string[], rows: readonly Cell[][]): Uint8Array {
  const lines = [columns.join('\t'), ...rows.map((row) => row.map(text).join('\t'))];
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

export const json = (value: unknown): Uint8Array => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
