// One error type for every reader: says where (byte offset or 1-based line) and what was expected, so a
// user can see why a file did not open. Readers throw it only when nothing useful can be recovered;
// partly readable files return a Recording with `warnings` instead.

/** Where in the file a problem was found. */
export interface FormatErrorLocation {
  /** Byte offset from the start of the file (binary formats). */
  offset?: number;
  /** 1-based line number (text formats). */
  line?: number;
}

/** A file could not be read: names the place and what was expected there. */
export class FormatError extends Error {
  readonly offset?: number;
  readonly line?: number;
  readonly expected: string;

  constructor(format: string, expected: string, where: FormatErrorLocation = {}, found?: string) {
    const at = where.offset !== undefined ? ` at byte ${where.offset}` : where.line !== undefined ? ` at line ${where.line}` : '';
    const got = found !== undefined ? `, found ${JSON.stringify(found.length > 60 ? `${found.slice(0, 60)}…` : found)}` : '';
    super(`${format}${at}: expected ${expected}${got}`);
    this.name = 'FormatError';
    this.offset = where.offset;
    this.line = where.line;
    this.expected = expected;
  }
}
