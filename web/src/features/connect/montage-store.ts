// The electrode names chosen for each board (montages.ts), kept in the page's localStorage so the
// next connection of that board uses them again. Kept per board kind (Cyton, Cyton + Daisy,
// Ganglion): the browser tells one serial port or Ganglion from another only after the chooser,
// and the names must be known when the connection starts (the acquisition worker names the stream).
import { MONTAGE_CHANNELS, MONTAGES, checkMontage, type Montage } from '../../../../workers/devices/montages.ts';
import type { DeviceKind } from '../../../../workers/protocol/streams.ts';
import type { KeyValueStore } from '../listen/calibration-store.ts';

export const MONTAGES_KEY = 'clisonix.montages.v1';

/** A board's choice: one of its montages, or names of one's own. */
export type MontageChoice = { montageId: string } | { montageId: 'custom'; labels: string[] };

function readAll(store: KeyValueStore): Partial<Record<DeviceKind, MontageChoice>> {
  try {
    const parsed = JSON.parse(store.getItem(MONTAGES_KEY) ?? '{}') as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Partial<Record<DeviceKind, MontageChoice>>) : {};
  } catch {
    return {}; // damaged: the board's first layout again
  }
}

/** The montages a board offers (none for devices whose electrodes are fixed). */
export const montagesFor = (kind: DeviceKind): Montage[] => MONTAGES[kind] ?? [];

/** The kept choice of `kind`, or its first montage; a kept choice that no longer fits is dropped. */
export function loadMontageChoice(store: KeyValueStore, kind: DeviceKind): MontageChoice | null {
  const offered = montagesFor(kind);
  if (!offered.length) return null;
  const kept = readAll(store)[kind];
  if (
    kept?.montageId === 'custom' &&
    'labels' in kept &&
    Array.isArray(kept.labels) &&
    checkMontage(kept.labels, MONTAGE_CHANNELS[kind]!).length === 0
  )
    return { montageId: 'custom', labels: [...kept.labels] };
  if (kept && offered.some((m) => m.id === kept.montageId)) return { montageId: kept.montageId };
  return { montageId: offered[0]!.id };
}

/** Keeps `choice` for `kind`; custom names must fit the board (throws with the problems in words). */
export function saveMontageChoice(store: KeyValueStore, kind: DeviceKind, choice: MontageChoice): void {
  const count = MONTAGE_CHANNELS[kind];
  if (count === undefined) throw new Error(`${kind} has fixed electrodes: no montage to choose`);
  if ('labels' in choice) {
    const problems = checkMontage(choice.labels, count);
    if (problems.length) throw new Error(problems.join('; '));
  } else if (!montagesFor(kind).some((m) => m.id === choice.montageId)) throw new Error(`no montage "${choice.montageId}" for ${kind}`);
  store.setItem(MONTAGES_KEY, JSON.stringify({ ...readAll(store), [kind]: choice }));
}

/** The names a choice gives the board's inputs. */
export function montageLabels(kind: DeviceKind, choice: MontageChoice): string[] {
  if ('labels' in choice) return [...choice.labels];
  const montage = montagesFor(kind).find((m) => m.id === choice.montageId);
  if (!montage) throw new Error(`no montage "${choice.montageId}" for ${kind}`);
  return [...montage.labels];
}
