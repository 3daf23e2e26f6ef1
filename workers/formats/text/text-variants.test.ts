// Dialects of the text formats that the reference files do not cover: OpenBCI v4 (no column header,
// formatted time before the Unix timestamp), muse-lsl without header / with index, Mind Monitor's
// spreadsheet-mangled timestamps and Elements rows, BrainFlow layouts by board.

import { describe, expect, it } from 'vitest';
import { detectFormat, FormatError, readRecording } from '../index.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('OpenBCI GUI v4', () => {
  const v4 = `${[
    '%OpenBCI Raw EEG Data',
    '%Number of channels = 4',
    '%Sample Rate = 200.0 Hz',
    '%First Column = SampleIndex',
    '%Last Column = Timestamp',
    '%Other = Accelerometer',
    '0, 1.5, -2.25, 3.0, 4.0, 0.100, 0.200, 0.300, 16:00:53.329, 1557936053329',
    '1, 1.6, -2.35, 3.1, 4.1, 0.100, 0.200, 0.300, 16:00:53.334, 1557936053334',
    '2, 1.7, -2.45, 3.2, 4.2, 0.110, 0.210, 0.310, 16:00:53.339, 1557936053339',
  ].join('\r\n')}\r\n`;

  it('reads channels, accel, rate and start time without a column header (CRLF)', () => {
    const rec = readRecording(bytes(v4));
    expect(rec.format).toBe('openbci-gui');
    expect(rec.metadata.version).toBe('v4');
    expect(rec.channels.map((c) => [c.label, c.kind])).toEqual([
      ['EXG Channel 0', 'eeg'],
      ['EXG Channel 1', 'eeg'],
      ['EXG Channel 2', 'eeg'],
      ['EXG Channel 3', 'eeg'],
      ['Accel Channel 0', 'accel'],
      ['Accel Channel 1', 'accel'],
      ['Accel Channel 2', 'accel'],
    ]);
    expect(Array.from(rec.channels[1].samples)).toEqual([-2.25, -2.35, -2.45]);
    expect(rec.channels[0].sampleRateHz).toBe(200);
    expect(rec.startTime).toBe('2019-05-15T16:00:53.329Z');
  });

  it('skips an unreadable row with a warning naming its line, keeps the others', () => {
    const broken = v4.replace('1, 1.6, -2.35', '1, 1.6, oops');
    const rec = readRecording(bytes(broken));
    expect(rec.channels[0].samples.length).toBe(2);
    expect(rec.warnings).toEqual(['1 unreadable row(s) skipped, first at line(s) 8']);
  });

  it('a missing sample-rate comment is a FormatError at the first data line', () => {
    expect(() => readRecording(bytes(v4.replace('%Sample Rate = 200.0 Hz\r\n', '')))).toThrow(FormatError);
    expect(() => readRecording(bytes(v4.replace('%Sample Rate = 200.0 Hz\r\n', '')))).toThrow(/at line 6: expected a '%Sample Rate = <Hz>' comment/);
  });
});

describe('muse-lsl CSV', () => {
  it('headerless eeg-pipes layout (index, 5 channels, Unix seconds last)', () => {
    const rows = Array.from({ length: 4 }, (_, i) => `${i},${10 + i},${20 + i},${30 + i},${40 + i},${50 + i},${(1600000000 + i / 256).toFixed(6)}`);
    const rec = readRecording(bytes(rows.join('\n')));
    expect(rec.format).toBe('muse-lsl-csv');
    expect(rec.channels.map((c) => c.label)).toEqual(['TP9', 'AF7', 'AF8', 'TP10', 'Right AUX']);
    expect(Array.from(rec.channels[4].samples)).toEqual([50, 51, 52, 53]);
    expect(rec.startTime).toBe('2020-09-13T12:26:40.000Z');
    expect(rec.metadata.timestampClock).toBe('unix');
  });

  it('pandas index column in the header, LSL clock: no start time', () => {
    const text = ',timestamps,TP9,AF7,AF8,TP10,Right AUX\n0,100.000,1,2,3,4,5\n1,100.004,6,7,8,9,10\n';
    const rec = readRecording(bytes(text));
    expect(rec.channels.map((c) => c.label)).toEqual(['TP9', 'AF7', 'AF8', 'TP10', 'Right AUX']);
    expect(Array.from(rec.channels[0].samples)).toEqual([1, 6]);
    expect(rec.startTime).toBeNull();
  });
});

describe('Mind Monitor CSV', () => {
  const header = 'TimeStamp,Delta_TP9,RAW_TP9,RAW_AF7,RAW_AF8,RAW_TP10,AUX_RIGHT,Accelerometer_X,Elements';
  it('mangled MM:SS.f timestamps across the hour, Elements rows as markers, ~256 Hz constant interval', () => {
    const rows: string[] = [];
    for (let i = 0; i < 512; i++) {
      const t = 3599 + i / 256; // crosses the hour: minute 59 -> 00
      const s = t % 3600;
      rows.push(`${String(Math.floor(s / 60)).padStart(2, '0')}:${(s % 60).toFixed(4).padStart(7, '0')},0.5,${800 + i},801,802,803,804,0.01`);
      if (i === 300) rows.push(`${String(Math.floor(s / 60)).padStart(2, '0')}:${(s % 60).toFixed(4).padStart(7, '0')},,,,,,,,/muse/elements/blink`);
    }
    const rec = readRecording(bytes([header, ...rows].join('\n')));
    expect(rec.format).toBe('mind-monitor-csv');
    expect(rec.channels[0].samples.length).toBe(512);
    expect(rec.channels[0].sampleRateHz).toBeCloseTo(256, 2); // 0.1 ms timestamps in this fixture
    expect(rec.markers).toHaveLength(1);
    expect(rec.markers[0].text).toBe('/muse/elements/blink');
    expect(rec.markers[0].onsetSec).toBeCloseTo(300 / 256, 4);
    expect(rec.startTime).toBeNull();
    expect(rec.warnings.join(' ')).toMatch(/shortened to 'MM:SS.f'/);
  });
});

describe('BrainFlow CSV', () => {
  const file = (width: number, ts: number, rate: number, fill: (row: number, col: number) => number) =>
    bytes(
      Array.from({ length: 300 }, (_, i) =>
        Array.from({ length: width }, (_, c) => (c === ts ? (1700000000 + i / rate).toFixed(6) : String(fill(i, c)))).join('\t'),
      ).join('\n'),
    );

  it.each([
    ['Cyton', 24, 22, 250, 0, 8, 'Fp1'],
    ['Ganglion', 15, 13, 200, 1, 4, 'EEG 1'],
    ['Synthetic', 32, 30, 250, -1, 16, 'Fz'],
    ['CytonDaisy', 32, 30, 125, 2, 16, 'Fp1'],
    ['Muse2', 8, 6, 256, 38, 4, 'TP9'],
  ] as const)('%s layout is recognised from the columns (and timestamps)', (name, width, ts, rate, id, eeg, first) => {
    const rec = readRecording(file(width, ts, rate, (i, c) => (c === 0 ? i % 256 : c * 1000 + i)));
    expect(rec.format).toBe('brainflow-csv');
    expect(rec.metadata.board).toBe(name);
    expect(rec.metadata.boardId).toBe(id);
    expect(rec.channels.filter((c) => c.kind === 'eeg')).toHaveLength(eeg);
    expect(rec.channels[0].label).toBe(first);
    expect(rec.channels[0].sampleRateHz).toBe(rate);
    expect(rec.channels[0].samples[5]).toBe(1005);
  });

  it('an explicit board id wins over the column guess (Muse S)', () => {
    const rec = readRecording(
      file(8, 6, 256, (_i, c) => c),
      undefined,
      { brainflowBoardId: 39 },
    );
    expect(rec.metadata.board).toBe('MuseS');
  });
});

describe('detection by content', () => {
  it('ignores the file name and rejects unknown content with a FormatError at byte 0', () => {
    expect(detectFormat(bytes('timestamps,TP9,AF7,AF8,TP10,Right AUX\n1,2,3,4,5,6\n'))).toBe('muse-lsl-csv');
    expect(() => readRecording(bytes('hello world\n'), 'recording.edf')).toThrow(/recording.edf at byte 0: expected/);
  });
});
