// Minimal complex arithmetic for filter design, following numpy's formulas (Smith division,
// principal square root) so designs agree with SciPy to a few ulps.
export interface Complex {
  re: number;
  im: number;
}

export const c = (re: number, im = 0): Complex => ({ re, im });
export const add = (a: Complex, b: Complex): Complex => c(a.re + b.re, a.im + b.im);
export const sub = (a: Complex, b: Complex): Complex => c(a.re - b.re, a.im - b.im);
export const mul = (a: Complex, b: Complex): Complex => c(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
export const scale = (a: Complex, s: number): Complex => c(a.re * s, a.im * s);
export const neg = (a: Complex): Complex => c(-a.re, -a.im);
export const conj = (a: Complex): Complex => c(a.re, -a.im);
export const abs = (a: Complex): number => Math.hypot(a.re, a.im);
export const isReal = (a: Complex): boolean => a.im === 0;

/** a / b with Smith's algorithm (numpy's complex division). */
export function div(a: Complex, b: Complex): Complex {
  if (Math.abs(b.re) >= Math.abs(b.im)) {
    const rat = b.im / b.re;
    const scl = 1.0 / (b.re + b.im * rat);
    return c((a.re + a.im * rat) * scl, (a.im - a.re * rat) * scl);
  }
  const rat = b.re / b.im;
  const scl = 1.0 / (b.im + b.re * rat);
  return c((a.re * rat + a.im) * scl, (a.im * rat - a.re) * scl);
}

/** Principal square root (branch cut on the negative real axis), as numpy.sqrt. */
export function sqrt(a: Complex): Complex {
  if (a.re === 0 && a.im === 0) return c(0, a.im);
  const t = Math.sqrt((Math.abs(a.re) + Math.hypot(a.re, a.im)) / 2);
  if (a.re >= 0) return c(t, a.im / (2 * t));
  return c(Math.abs(a.im) / (2 * t), a.im >= 0 ? t : -t);
}

/** Product of all values, left to right (numpy.prod). */
export function prod(values: Complex[]): Complex {
  let acc = c(1);
  for (const v of values) acc = mul(acc, v);
  return acc;
}
