import { expect, test } from 'vitest';
import { CHAR_WIDTH_EM, RING_PX, layoutElectrodes, qualityLevel, type ElectrodeLayout } from './head-layout.ts';
import { SYNTHETIC_LABELS } from '../../../../workers/devices/synthetic/descriptor.ts';
import { MUSE_EEG_LABELS } from '../../../../workers/devices/muse/descriptor.ts';

const CYTON_DAISY_10_20 = ['Fp1', 'Fp2', 'F7', 'F3', 'F4', 'F8', 'T7', 'C3', 'C4', 'T8', 'P7', 'P3', 'P4', 'P8', 'O1', 'O2'];

/** Label box (x0, y0, x1, y1): centred on its circle, as HeadQuality writes it. */
function labelBox(layout: ElectrodeLayout, i: number): [number, number, number, number] {
  const e = layout.electrodes[i];
  const w = CHAR_WIDTH_EM * e.fontSize * e.label.length;
  return [e.x - w / 2, e.y - e.fontSize / 2, e.x + w / 2, e.y + e.fontSize / 2];
}
const boxesOverlap = (a: number[], b: number[]) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

function expectNoOverlap(labels: string[]): ElectrodeLayout {
  const layout = layoutElectrodes(labels);
  const { electrodes, radius } = layout;
  for (let i = 0; i < electrodes.length; i++) {
    // The label stays inside its own ring (its width inside the ring's inner edge, its corners inside the circle)...
    const [x0, y0, x1, y1] = labelBox(layout, i);
    expect((x1 - x0) / 2, electrodes[i].label).toBeLessThanOrEqual(radius - RING_PX + 1e-9);
    expect(Math.hypot((x1 - x0) / 2, (y1 - y0) / 2), electrodes[i].label).toBeLessThanOrEqual(radius);
    for (let j = i + 1; j < electrodes.length; j++) {
      // ... and no two circles (hence no two labels) touch.
      const d = Math.hypot(electrodes[i].x - electrodes[j].x, electrodes[i].y - electrodes[j].y);
      expect(d, `${electrodes[i].label}/${electrodes[j].label}`).toBeGreaterThan(2 * radius);
      expect(boxesOverlap(labelBox(layout, i), labelBox(layout, j)), `${electrodes[i].label}/${electrodes[j].label}`).toBe(false);
    }
  }
  return layout;
}

test('the 16-channel sets (Cyton+Daisy 10-20, the synthetic headset) are placed on the head without overlap, readable', () => {
  for (const labels of [CYTON_DAISY_10_20, SYNTHETIC_LABELS]) {
    const layout = expectNoOverlap(labels);
    expect(layout.electrodes.every((e) => e.onHead)).toBe(true);
    expect(layout.radius).toBeGreaterThanOrEqual(5);
    expect(Math.min(...layout.electrodes.map((e) => e.fontSize))).toBeGreaterThanOrEqual(3);
  }
});

test('the pairs that overlapped before (AF7/F7, AF8/F8, T7/TP9, T8/TP10) are apart, on the sides 10-20 puts them', () => {
  const layout = expectNoOverlap(SYNTHETIC_LABELS);
  const at = (l: string) => layout.electrodes.find((e) => e.label === l)!;
  for (const [a, b] of [
    ['AF7', 'F7'],
    ['AF8', 'F8'],
    ['T7', 'TP9'],
    ['T8', 'TP10'],
  ]) {
    const d = Math.hypot(at(a).x - at(b).x, at(a).y - at(b).y);
    expect(d, `${a}/${b}`).toBeGreaterThanOrEqual(2 * layout.radius + 1);
  }
  // Left hemisphere left of the midline, nose up: AF7 above F7 above T7; TP9 behind T7.
  expect(at('AF7').x).toBeLessThan(50);
  expect(at('AF8').x).toBeGreaterThan(50);
  expect(at('AF7').y).toBeLessThan(at('F7').y);
  expect(at('F7').y).toBeLessThan(at('T7').y);
  expect(at('TP9').y).toBeGreaterThan(at('T7').y);
  expect(at('Fp1').y).toBeLessThan(at('O1').y);
});

test('Muse, a 10-10 set and names with prefixes/suffixes are placed too; the circles shrink for dense sets', () => {
  expectNoOverlap(MUSE_EEG_LABELS.slice(0, 4));
  const dense = expectNoOverlap(['Fp1', 'AF3', 'AF7', 'F1', 'F3', 'F5', 'F7', 'FC1', 'FC3', 'FC5', 'FT7', 'C1', 'C3', 'C5', 'T7', 'Cz', 'Fz', 'FCz']);
  expect(dense.radius).toBeLessThan(5);
  const prefixed = layoutElectrodes(['EEG Fp1-REF', 'EEG O2-REF']);
  expect(prefixed.electrodes.every((e) => e.onHead)).toBe(true);
});

test('labels without a 10-20 name (Cyton "1".."16", "AUX") go in rows under the head, not guessed onto it', () => {
  const labels = Array.from({ length: 16 }, (_, i) => String(i + 1));
  const layout = expectNoOverlap([...labels, 'AUX']);
  expect(layout.electrodes.every((e) => !e.onHead && e.y > 50 + 37)).toBe(true);
  const [, y, , h] = layout.viewBox;
  for (const e of layout.electrodes) expect(e.y + layout.radius).toBeLessThanOrEqual(y + h);
});

test('quality levels have words for each score band', () => {
  expect(qualityLevel(0.9).level).toBe('good');
  expect(qualityLevel(0.5).level).toBe('fair');
  expect(qualityLevel(0.1).level).toBe('poor');
  expect(qualityLevel(undefined).level).toBe('unknown');
});
