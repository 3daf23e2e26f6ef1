// Where each electrode sits on the head picture, seen from above, nose up. 10-20/10-10 names are
// placed by the azimuthal projection EEGLAB's .loc files use: a polar angle (degrees, 0 = nose,
// positive to the right ear) and a radius where 0.5 is the head's edge (the Fpz-T7-Oz ring sits at
// 0.511; TP9/TP10 and other sites below it fall outside the outline). Labels without a 10-20 name
// (custom montages, OpenBCI's "1".."16") go in rows under the head, since guessing a site would lie.
//
// Each label is written inside its circle; circles never overlap: the radius shrinks to fit the
// closest pair (layout check in head-layout.test.ts), and each label's font shrinks to fit its circle.
import { tenTwentyPolar } from '../../../../workers/devices/ten-twenty.ts';

/** Picture units per EEGLAB radius unit: the head outline (0.5) has a radius of 37. */
const SCALE = 74;
export const HEAD = { cx: 50, cy: 50, r: 0.5 * SCALE };
const MAX_RADIUS = 5.4;
const MIN_RADIUS = 1.5;
/** Space kept between two circles. */
const GAP = 1;
/** Advance of a label character, in font sizes, with room to spare (sans-serif capitals and digits: ~0.6-0.67). */
export const CHAR_WIDTH_EM = 0.7;
/** The ring drawn around a label: its stroke takes this much of the radius. */
export const RING_PX = 1.2;
const MAX_FONT = 3.8;
const UNPLACED_PER_ROW = 8;

export interface PlacedElectrode {
  label: string;
  x: number;
  y: number;
  /** Font size (picture units) at which the label fits inside the circle. */
  fontSize: number;
  /** Whether the label is a 10-20 site on the head (false: a row under it). */
  onHead: boolean;
}

export interface ElectrodeLayout {
  electrodes: PlacedElectrode[];
  /** Circle radius, the same for all. */
  radius: number;
  /** viewBox of the picture: [x, y, width, height]. */
  viewBox: [number, number, number, number];
}

/** 10-20 position of `label` (picture units), or undefined when it has no 10-20 name. */
export function tenTwentyPosition(label: string): { x: number; y: number } | undefined {
  const site = tenTwentyPolar(label);
  if (!site) return undefined;
  const a = (site[0] * Math.PI) / 180;
  return { x: HEAD.cx + SCALE * site[1] * Math.sin(a), y: HEAD.cy - SCALE * site[1] * Math.cos(a) };
}

/**
 * Lays out `labels` on the head picture without overlap.
 * @example layoutElectrodes(['TP9', 'AF7', 'AF8', 'TP10']).electrodes[1] // { label: 'AF7', x: 27.8, y: 19.4, ... }
 */
export function layoutElectrodes(labels: string[]): ElectrodeLayout {
  const step = 2 * MAX_RADIUS + GAP + 1;
  let unplaced = 0;
  const top = HEAD.cy + HEAD.r + 14;
  const points = labels.map((label) => {
    const p = tenTwentyPosition(label);
    if (p) return { label, ...p, onHead: true };
    const i = unplaced++;
    const row = Math.floor(i / UNPLACED_PER_ROW);
    const col = i % UNPLACED_PER_ROW;
    return { label, x: HEAD.cx + (col - (UNPLACED_PER_ROW - 1) / 2) * step, y: top + row * step, onHead: false };
  });
  let closest = Infinity;
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) closest = Math.min(closest, Math.hypot(points[i].x - points[j].x, points[i].y - points[j].y));
  const radius = Math.max(MIN_RADIUS, Math.min(MAX_RADIUS, (closest - GAP) / 2));
  const electrodes = points.map((p) => ({
    ...p,
    fontSize: Math.min(MAX_FONT, (2 * (radius - RING_PX)) / (CHAR_WIDTH_EM * Math.max(1, p.label.length))),
  }));
  const bottom = Math.max(HEAD.cy + SCALE * 0.7 + MAX_RADIUS, ...points.map((p) => p.y + radius)) + 2;
  return { electrodes, radius, viewBox: [-4, -2, 108, bottom + 2] };
}

/** Colour and words for a quality score 0..1 (thresholds: >= 0.7 good, >= 0.4 fair). */
export function qualityLevel(score: number | undefined): { level: 'good' | 'fair' | 'poor' | 'unknown'; cssVar: string } {
  if (score === undefined || Number.isNaN(score)) return { level: 'unknown', cssVar: '--muted' };
  if (score >= 0.7) return { level: 'good', cssVar: '--ok' };
  if (score >= 0.4) return { level: 'fair', cssVar: '--warn' };
  return { level: 'poor', cssVar: '--bad' };
}
