// Line splitting for text formats: LF or CRLF (or a lone CR), whole text or streamed byte chunks.
// Lines are numbered from 1 so FormatError can point at them.

export type LineSink = (line: string, lineNo: number) => void;

/** Call `sink` for every line of `text` (without its line end). A trailing empty line is not reported. */
export function forEachLine(text: string, sink: LineSink): void {
  let start = 0;
  let lineNo = 1;
  const n = text.length;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = n;
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    sink(text.slice(start, stop), lineNo++);
    start = end + 1;
  }
}

/** Splits streamed byte chunks into lines; UTF-8 sequences cut between chunks are handled by TextDecoder. */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private carry = '';
  private lineNo = 1;

  constructor(private readonly sink: LineSink) {}

  push(chunk: Uint8Array): void {
    const text = this.carry + this.decoder.decode(chunk, { stream: true });
    const lastNewline = text.lastIndexOf('\n');
    if (lastNewline === -1) {
      this.carry = text;
      return;
    }
    this.carry = text.slice(lastNewline + 1);
    this.emit(text.slice(0, lastNewline + 1));
  }

  end(): void {
    const rest = this.carry + this.decoder.decode();
    this.carry = '';
    if (rest.length) this.emit(rest);
  }

  private emit(text: string): void {
    const first = this.lineNo;
    let count = 0;
    forEachLine(text, (line) => this.sink(line, first + count++));
    this.lineNo += count;
  }
}

/** Decode a whole file as UTF-8 (a leading BOM is dropped). */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}
