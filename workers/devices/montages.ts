// Electrode names (montages) for boards whose inputs are numbered, not placed: OpenBCI Cyton, Cyton +
// Daisy and Ganglion. The names replace the EEG stream's channel labels in the acquisition worker,
// so everything downstream uses them: the head view places them, blink detection finds the frontal
// ones (Fp*, AF*), analysis, recordings and every export carry them. Data only, as the descriptors.
import type { DeviceDescriptor, DeviceKind } from '../protocol/streams.ts';

export interface Montage {
  id: string;
  name: string;
  /** One name per EEG input, in input order (N1P, N2P, ...; the Daisy's after the board's). */
  labels: string[];
}

const numbered = (count: number): Montage => ({
  id: 'numbered',
  name: 'Input numbers (no electrode names)',
  labels: Array.from({ length: count }, (_, i) => String(i + 1)),
});

/**
 * The layouts offered per board. The Ultracortex Mark IV ones are the default electrode positions
 * OpenBCI documents for the headset, which BrainFlow also gives as the boards' eeg_names
 * (workers/formats/text/brainflow-boards.ts reads the same lists from its files).
 */
export const MONTAGES: Partial<Record<DeviceKind, Montage[]>> = {
  cyton: [
    { id: 'ultracortex-8', name: 'Ultracortex Mark IV, 8 channels', labels: ['Fp1', 'Fp2', 'C3', 'C4', 'P7', 'P8', 'O1', 'O2'] },
    { id: 'headband-8', name: 'Headband, 8 channels (forehead and temples)', labels: ['Fp1', 'Fp2', 'AF7', 'AF8', 'F7', 'F8', 'T7', 'T8'] },
    numbered(8),
  ],
  'cyton-daisy': [
    {
      id: 'ultracortex-16',
      name: 'Ultracortex Mark IV, 16 channels',
      labels: ['Fp1', 'Fp2', 'C3', 'C4', 'P7', 'P8', 'O1', 'O2', 'F7', 'F8', 'F3', 'F4', 'T7', 'T8', 'P3', 'P4'],
    },
    numbered(16),
  ],
  ganglion: [
    { id: 'frontal-occipital-4', name: 'Forehead and back of the head, 4 channels', labels: ['Fp1', 'Fp2', 'O1', 'O2'] },
    { id: 'headband-4', name: 'Headband, 4 channels (forehead)', labels: ['Fp1', 'Fp2', 'AF7', 'AF8'] },
    numbered(4),
  ],
};

/** EEG inputs of each board that takes a montage. */
export const MONTAGE_CHANNELS: Partial<Record<DeviceKind, number>> = { cyton: 8, 'cyton-daisy': 16, ganglion: 4 };

/** A label the studio accepts: letters, digits and a few separators, at most 16 characters (EDF+ gives a label 16). */
const LABEL = /^[A-Za-z0-9][A-Za-z0-9 _.'-]{0,15}$/;

/**
 * Checks a list of names for `count` inputs; returns the problems in words (empty when good).
 * @example checkMontage(['Fp1', 'Fp1'], 2) // ['name 2 ("Fp1") is used twice']
 */
export function checkMontage(labels: readonly string[], count: number): string[] {
  const problems: string[] = [];
  if (labels.length !== count) problems.push(`${labels.length} name${labels.length === 1 ? '' : 's'} for ${count} inputs`);
  const seen = new Map<string, number>();
  labels.forEach((label, i) => {
    if (!LABEL.test(label))
      problems.push(`name ${i + 1} ("${label}") must be 1-16 letters, digits, spaces or _ . ' -, starting with a letter or digit`);
    const key = label.toLowerCase();
    if (seen.has(key)) problems.push(`name ${i + 1} ("${label}") is used twice`);
    seen.set(key, i);
  });
  return problems;
}

/** Names typed as one line: "Fp1, Fp2, C3" (commas; a name may then hold a space) or "Fp1 Fp2 C3". */
export function parseMontageText(text: string): string[] {
  const parts = text.includes(',') ? text.split(',') : text.split(/\s+/);
  return parts.map((s) => s.trim()).filter(Boolean);
}

/**
 * The descriptor with its EEG stream's channels named `labels` (units and every other stream kept).
 * Throws a plain Error naming the problem when the names do not fit.
 */
export function applyMontage(descriptor: DeviceDescriptor, labels: readonly string[]): DeviceDescriptor {
  const eeg = descriptor.streams.find((s) => s.kind === 'eeg');
  if (!eeg) throw new Error(`${descriptor.name} has no EEG stream to name`);
  const problems = checkMontage(labels, eeg.channels.length);
  if (problems.length) throw new Error(`electrode names for ${descriptor.name}: ${problems.join('; ')}`);
  return {
    ...descriptor,
    streams: descriptor.streams.map((s) => (s === eeg ? { ...s, channels: s.channels.map((c, i) => ({ ...c, label: labels[i]! })) } : s)),
  };
}
