// Where each electrode sits on the head picture: 10-20 positions (x, y in a 0..100 box, nose up).
// Labels not in the table (custom montages) are spread evenly over a headband arc.

const TEN_TWENTY: Record<string, [number, number]> = {
  FP1: [40, 12],
  FPZ: [50, 10],
  FP2: [60, 12],
  AF7: [27, 20],
  AF3: [40, 22],
  AF4: [60, 22],
  AF8: [73, 20],
  F7: [20, 30],
  F3: [36, 32],
  FZ: [50, 31],
  F4: [64, 32],
  F8: [80, 30],
  FC5: [26, 41],
  FC1: [43, 41],
  FC2: [57, 41],
  FC6: [74, 41],
  T7: [12, 50],
  T3: [12, 50],
  C3: [32, 50],
  CZ: [50, 50],
  C4: [68, 50],
  T8: [88, 50],
  T4: [88, 50],
  TP9: [8, 62],
  TP10: [92, 62],
  CP5: [26, 59],
  CP1: [43, 59],
  CP2: [57, 59],
  CP6: [74, 59],
  P7: [20, 70],
  T5: [20, 70],
  P3: [36, 68],
  PZ: [50, 69],
  P4: [64, 68],
  P8: [80, 70],
  T6: [80, 70],
  O1: [40, 87],
  OZ: [50, 89],
  O2: [60, 87],
};

/** Position of each label on the head picture (percent of width/height). */
export function layoutElectrodes(labels: string[]): Array<{ label: string; x: number; y: number }> {
  const unknown = labels.filter((l) => !TEN_TWENTY[normalise(l)]);
  return labels.map((label) => {
    const known = TEN_TWENTY[normalise(label)];
    if (known) return { label, x: known[0], y: known[1] };
    const i = unknown.indexOf(label);
    const angle = Math.PI * (0.15 + (0.7 * (i + 0.5)) / unknown.length);
    return { label, x: 50 - 40 * Math.cos(angle), y: 52 - 40 * Math.sin(angle) };
  });
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
