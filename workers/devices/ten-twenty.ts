// 10-20/10-10 electrode sites as EEGLAB's .loc files place them: a polar angle (degrees, 0 = nose,
// positive to the right ear) and a radius where 0.5 is the head's edge (the Fpz-T7-Oz ring sits at
// 0.511; TP9/TP10 and other sites below it lie beyond 0.5). Data only, shared by the Live screen's
// head picture and the BIDS export's template electrode positions.

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

/** The label's site name: 'EEG Fp1-Ref' and 'fp1' are 'FP1'. */
function normalise(label: string): string {
  return label
    .replace(/^EEG\s+/i, '')
    .replace(/[-.\s].*$/, '')
    .toUpperCase();
}

/** [polar angle (deg), radius (EEGLAB units)] of a 10-20/10-10 label, or undefined for other names ('1', 'Ch3'). */
export function tenTwentyPolar(label: string): readonly [number, number] | undefined {
  return TEN_TWENTY[normalise(label)];
}

/**
 * Template position of a 10-20 label on a sphere in EEGLAB's axes (x to the nose, y to the left ear,
 * z up), in mm for a head radius of 85 mm: inclination from the vertex = radius x 180 degrees.
 * @example tenTwentyXyzMm('Cz') // [0, 0, 85]
 */
export function tenTwentyXyzMm(label: string, headRadiusMm = 85): [number, number, number] | undefined {
  const site = tenTwentyPolar(label);
  if (!site) return undefined;
  const azimuth = (site[0] * Math.PI) / 180;
  const inclination = site[1] * Math.PI;
  const r = headRadiusMm;
  return [r * Math.cos(azimuth) * Math.sin(inclination), -r * Math.sin(azimuth) * Math.sin(inclination), r * Math.cos(inclination)];
}
