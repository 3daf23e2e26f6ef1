import { expect, test } from 'vitest';
import { CHANNEL_PALETTE, channelColour, channelDash } from './colours.ts';

// sRGB <-> linear, WCAG luminance, OKLab (Björn Ottosson) and Machado 2009 (severity 1) simulations.
const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const gam = (c: number) => (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);
const rgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
const luminance = (c: number[]) => 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
const contrast = (a: number[], b: number[]) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};
function oklab(c: number[]): number[] {
  const [r, g, b] = c.map(lin);
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}
const MACHADO = {
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
};
const simulate = (c: number[], m: number[][]) => {
  const l = c.map(lin);
  return m.map((row) => gam(Math.min(1, Math.max(0, row[0] * l[0] + row[1] * l[1] + row[2] * l[2]))));
};
const distance = (a: number[], b: number[]) => {
  const p = oklab(a);
  const q = oklab(b);
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
};
const pairs = <T>(xs: T[]) => xs.flatMap((a, i) => xs.slice(i + 1).map((b) => [a, b] as const));

const colours = Array.from({ length: 16 }, (_, i) => rgb(channelColour(i)));

test('16 channels get 16 colours that differ by at least 0.08 in OKLab', () => {
  expect(new Set(CHANNEL_PALETTE).size).toBe(16);
  const closest = Math.min(...pairs(colours).map(([a, b]) => distance(a, b)));
  expect(closest).toBeGreaterThanOrEqual(0.08);
});

test('the colours stay apart for deuteranopes and protanopes (Machado 2009)', () => {
  for (const m of Object.values(MACHADO)) {
    const seen = colours.map((c) => simulate(c, m));
    expect(Math.min(...pairs(seen).map(([a, b]) => distance(a, b)))).toBeGreaterThanOrEqual(0.05);
  }
});

test('every colour has 3:1 contrast on both themes (panels and page, styles.css)', () => {
  for (const bg of ['#18263f', '#0f1a2e', '#ffffff', '#f7f9fc'].map(rgb)) for (const c of colours) expect(contrast(c, bg)).toBeGreaterThanOrEqual(3);
});

test('the second 8 channels are dashed, so channel 1 and 9 differ by more than colour', () => {
  expect(channelDash(0)).toEqual([]);
  expect(channelDash(7)).toEqual([]);
  expect(channelDash(8).length).toBe(2);
  expect(channelColour(16)).toBe(channelColour(0));
  expect(channelDash(16)).not.toEqual(channelDash(0));
});
