// Picks the line parser of a text format (shared by the whole-file and the streaming readers).

import type { LineParser } from './read-text.ts';
import type { RecordingFormat } from './recording.ts';
import { BrainFlowParser } from './text/brainflow-reader.ts';
import { ClisonixCsvParser } from './text/clisonix-csv.ts';
import { MindMonitorParser } from './text/mind-monitor-reader.ts';
import { MuseLslParser } from './text/muse-lsl-reader.ts';
import { OpenBciGuiParser } from './text/openbci-gui-reader.ts';

/** Reader options; only needed where a file does not describe itself. */
export interface ReadOptions {
  /** BrainFlow board id (BrainFlow CSVs do not name their board; default: guessed from the column count). */
  brainflowBoardId?: number;
}

/** A fresh line parser for a text format, or null for binary/JSON formats. */
export function lineParserFor(format: RecordingFormat, options: ReadOptions = {}): LineParser | null {
  switch (format) {
    case 'brainflow-csv':
      return new BrainFlowParser(options.brainflowBoardId);
    case 'clisonix-csv':
      return new ClisonixCsvParser();
    case 'openbci-gui':
      return new OpenBciGuiParser();
    case 'muse-lsl-csv':
      return new MuseLslParser();
    case 'mind-monitor-csv':
      return new MindMonitorParser();
    default:
      return null;
  }
}
