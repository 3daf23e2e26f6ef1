// Runs a line parser over a whole text file held in memory.

import type { Recording } from './recording.ts';
import { decodeText, forEachLine } from './text/lines.ts';

/** Anything that consumes lines and then produces a Recording (all text readers implement it). */
export interface LineParser {
  pushLine(line: string, lineNo: number): void;
  finish(): Recording;
}

export function readWithLineParser(bytes: Uint8Array, parser: LineParser): Recording {
  forEachLine(decodeText(bytes), (line, lineNo) => parser.pushLine(line, lineNo));
  return parser.finish();
}
