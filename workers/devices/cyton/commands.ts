// Cyton text commands (Cyton SDK): pure builders and the gain bookkeeping that decoding depends on.
import { CYTON_CHANNEL_CODES, CYTON_GAIN_CODES } from './descriptor.ts';

export interface CytonChannelSettings {
  /** true powers the channel down. */
  powerDown: boolean;
  /** One of 1, 2, 4, 6, 8, 12, 24. */
  gain: (typeof CYTON_GAIN_CODES)[number];
  /** 0 normal, 1 shorted, … 5 test signal, … 7 BIAS_DRN. */
  input: number;
  bias: boolean;
  srb2: boolean;
  srb1: boolean;
}

/**
 * Builds `x CH PWR GAIN INPUT BIAS SRB2 SRB1 X` for channel index 0-15.
 * @example encodeChannelSettings(0, { powerDown: false, gain: 8, input: 0, bias: true, srb2: true, srb1: false }) === 'x1040110X'
 */
export function encodeChannelSettings(channel: number, s: CytonChannelSettings): string {
  const code = CYTON_CHANNEL_CODES[channel];
  const gainCode = CYTON_GAIN_CODES.indexOf(s.gain);
  if (code === undefined) throw new RangeError(`Cyton channel index must be 0-15, got ${channel}`);
  if (gainCode < 0) throw new RangeError(`Cyton gain must be one of ${CYTON_GAIN_CODES.join(', ')}, got ${s.gain}`);
  if (!Number.isInteger(s.input) || s.input < 0 || s.input > 7) throw new RangeError(`Cyton input code must be 0-7, got ${s.input}`);
  const bit = (b: boolean) => (b ? '1' : '0');
  return `x${code}${bit(s.powerDown)}${gainCode}${s.input}${bit(s.bias)}${bit(s.srb2)}${bit(s.srb1)}X`;
}

/** Reads every `x…X` block in a command string and returns [channel index, gain] pairs it sets. */
export function gainsSetBy(command: string): [number, number][] {
  const out: [number, number][] = [];
  for (const match of command.matchAll(/x([1-8QWERTYUI])[01]([0-6])[0-7][01][01][01]X/g)) {
    out.push([CYTON_CHANNEL_CODES.indexOf(match[1]!), CYTON_GAIN_CODES[Number(match[2])]!]);
  }
  return out;
}
