// Where each electrode sits on the head picture, seen from above, nose up. 10-20/10-10 names are
// placed by the azimuthal projection EEGLAB's .loc files use: a polar angle (degrees, 0 = nose,
// positive to the right ear) and a radius where 0.5 is the head's edge (the Fpz-T7-Oz ring sits at
// 0.511; TP9/TP10 and other sites below it fall outside the outline). Labels without a 10-20 name
// (custom montages, OpenBCI's "1".."16") go in rows under the head, since guessing a site would lie.
//
// Each label is written inside its circle; circles never overlap: the radius shrinks to fit the
// closest pair (layout check in head-layout.test.ts), and each label's font shrinks to fit its circle.

/** [polar angle (deg), radius (EEGLAB units)]. */
const TEN_TWENTY: Record<string, [number, number]> = {
  FPZ: [0, 0.511],
  FP1: [-18, 0.511],
  FP2: [18, 0.511],
  AF7: [-36, 0.511],
  AF8: [36, 0.511],
  AFZ: [0, 0.383],
  AF3: [-23, 0.411],
  AF4: [23, 0.411],
  F7: [-54, 0.511],
  F8: [54, 0.511],
  F9: [-54, 0.64],
  F10: [54, 0.64],
  F5: [-49, 0.417],
  F3: [-39, 0.333],
  F1: [-22, 0.278],
  FZ: [0, 0.256],
  F2: [22, 0.278],
  F4: [39, 0.333],
  F6: [49, 0.417],
  FT9: [-72, 0.64],
  FT7: [-72, 0.511],
  FC5: [-69, 0.4],
  FC3: [-62, 0.29],
  FC1: [-45, 0.18],
  FCZ: [0, 0.128],
  FC2: [45, 0.18],
  FC4: [62, 0.29],
  FC6: [69, 0.4],
  FT8: [72, 0.511],
  FT10: [72, 0.64],
  A1: [-90, 0.7],
  M1: [-100, 0.68],
  T9: [-90, 0.64],
  T7: [-90, 0.511],
  T3: [-90, 0.511],
  C5: [-90, 0.383],
  C3: [-90, 0.256],
  C1: [-90, 0.128],
  CZ: [0, 0],
  C2: [90, 0.128],
  C4: [90, 0.256],
  C6: [90, 0.383],
  T4: [90, 0.511],
  T8: [90, 0.511],
  T10: [90, 0.64],
  M2: [100, 0.68],
  A2: [90, 0.7],
  TP9: [-108, 0.64],
  TP7: [-108, 0.511],
  CP5: [-111, 0.4],
  CP3: [-118, 0.29],
  CP1: [-135, 0.18],
  CPZ: [180, 0.128],
  CP2: [135, 0.18],
  CP4: [118, 0.29],
  CP6: [111, 0.4],
  TP8: [108, 0.511],
  TP10: [108, 0.64],
  P9: [-126, 0.64],
  P7: [-126, 0.511],
  T5: [-126, 0.511],
  P5: [-131, 0.417],
  P3: [-141, 0.333],
  P1: [-158, 0.278],
  PZ: [180, 0.256],
  P2: [158, 0.278],
  P4: [141, 0.333],
  P6: [131, 0.417],
  P8: [126, 0.511],
  T6: [126, 0.511],
  P10: [126, 0.64],
  PO7: [-144, 0.511],
  PO3: [-157, 0.411],
  POZ: [180, 0.383],
  PO4: [157, 0.411],
  PO8: [144, 0.511],
  O1: [-162, 0.511],
  OZ: [180, 0.511],
  O2: [162, 0.511],
  IZ: [180, 0.64],
};

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
  const site = TEN_TWENTY[normalise(label)];
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

function normalise(label: string): string {
  return label
    .replace(/^EEG\s+/i, '')
    .replace(/[-.\s].*$/, '')
    .toUpperCase();
}

/** Colour and words for a quality score 0..1 (thresholds: >= 0.7 good, >= 0.4 fair). */
export function qualityLevel(score: number | undefined): { level: 'good' | 'fair' | 'poor' | 'unknown'; cssVar: string } {
  if (score === undefined || Number.isNaN(score)) return { level: 'unknown', cssVar: '--muted' };
  if (score >= 0.7) return { level: 'good', cssVar: '--ok' };
  if (score >= 0.4) return { level: 'fair', cssVar: '--warn' };
  return { level: 'poor', cssVar: '--bad' };
}
