// A port of scipy.signal.zpk2sos(z, p, k, pairing='nearest') for digital filters, step for step, so
// that the section order and pole/zero pairing are SciPy's: the poles closest to the unit circle go
// last, each pole is paired with its nearest zero, and the gain goes into the first section.
import { type Complex, abs, c, conj, isReal, mul, neg, scale, sub } from './complex.ts';

/** scipy.signal._filter_design._cplxreal: one of each conjugate pair (imag > 0) then the reals. */
function splitComplexReal(values: Complex[]): Complex[] {
  if (values.length === 0) return [];
  const eps = 2.220446049250313e-16;
  const sorted = values
    .map((v, i) => ({ v, i }))
    .sort((a, b) => a.v.re - b.v.re || Math.abs(a.v.im) - Math.abs(b.v.im) || a.i - b.i)
    .map((e) => e.v);
  const tol = 100 * eps;
  const reals: Complex[] = [];
  const rest: Complex[] = [];
  for (const v of sorted) (Math.abs(v.im) <= tol * abs(v) ? reals : rest).push(v);
  const zp = rest.filter((v) => v.im > 0);
  const zn = rest.filter((v) => v.im < 0);
  if (zp.length !== zn.length) throw new Error('zpk2sos: complex values without conjugates');
  // Within runs of (nearly) equal real part, order by |imag|.
  for (let s = 0; s < zp.length; ) {
    let e = s + 1;
    while (e < zp.length && zp[e]!.re - zp[e - 1]!.re <= tol * abs(zp[e - 1]!)) e++;
    for (const arr of [zp, zn]) {
      const run = arr.slice(s, e).sort((a, b) => Math.abs(a.im) - Math.abs(b.im));
      arr.splice(s, e - s, ...run);
    }
    s = e;
  }
  const zc = zp.map((v, i) => scale(c(v.re + zn[i]!.re, v.im - zn[i]!.im), 0.5));
  return [...zc, ...reals.map((v) => c(v.re))];
}

/** numpy.poly for 1-2 roots, returning real coefficients (conjugate pairs give real polynomials). */
function polyReal(roots: Complex[]): number[] {
  let a: Complex[] = [c(1)];
  for (const r of roots) {
    const next: Complex[] = [];
    for (let k = 0; k <= a.length; k++) {
      let acc = c(0);
      if (k < a.length) acc = a[k]!;
      if (k > 0) acc = c(acc.re + mul(a[k - 1]!, neg(r)).re, acc.im + mul(a[k - 1]!, neg(r)).im);
      next.push(acc);
    }
    a = next;
  }
  return a.map((v) => v.re);
}

function singleSection(z: Complex[], p: Complex[]): number[] {
  const sos = [0, 0, 0, 0, 0, 0];
  const b = polyReal(z);
  const a = polyReal(p);
  b.forEach((v, i) => (sos[3 - b.length + i] = v));
  a.forEach((v, i) => (sos[6 - a.length + i] = v));
  return sos;
}

const worstIndex = (p: Complex[]): number => {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (Math.abs(1 - abs(p[i]!)) < Math.abs(1 - abs(p[best]!))) best = i;
  return best;
};

function nearestIndex(from: Complex[], to: Complex, which: 'real' | 'complex' | 'any'): number {
  const order = from.map((v, i) => ({ d: abs(sub(v, to)), i })).sort((a, b) => a.d - b.d || a.i - b.i);
  for (const { i } of order) {
    if (which === 'any' || (which === 'real') === isReal(from[i]!)) return i;
  }
  throw new Error('zpk2sos: no zero of the requested kind');
}

const take = (arr: Complex[], i: number): Complex => arr.splice(i, 1)[0]!;
const countReal = (arr: Complex[]): number => arr.filter(isReal).length;

/** Second-order sections (nsec x [b0 b1 b2 a0 a1 a2], flattened) for zeros z, poles p, gain k. */
export function zpkToSos(zIn: Complex[], pIn: Complex[], k: number): Float64Array {
  let z = [...zIn];
  let p = [...pIn];
  while (p.length < z.length) p.push(c(0));
  while (z.length < p.length) z.push(c(0));
  const nSections = (Math.max(p.length, z.length) + 1) >> 1;
  if (p.length % 2 === 1) {
    p.push(c(0));
    z.push(c(0));
  }
  z = splitComplexReal(z);
  p = splitComplexReal(p);
  const sos: number[][] = new Array(nSections);
  for (let si = nSections - 1; si >= 0; si--) {
    const p1 = take(p, worstIndex(p));
    if (isReal(p1) && countReal(p) === 0) {
      const z1 = take(z, nearestIndex(z, p1, 'real'));
      sos[si] = singleSection([z1, c(0)], [p1, c(0)]);
    } else if (p.length + 1 === z.length && !isReal(p1) && countReal(p) === 1 && countReal(z) === 1) {
      const z1 = take(z, nearestIndex(z, p1, 'complex'));
      sos[si] = singleSection([z1, conj(z1)], [p1, conj(p1)]);
    } else {
      let p2: Complex;
      if (isReal(p1)) {
        const realIdx = p.map((v, i) => (isReal(v) ? i : -1)).filter((i) => i >= 0);
        p2 = take(p, realIdx[worstIndex(realIdx.map((i) => p[i]!))]!);
      } else p2 = conj(p1);
      if (z.length > 0) {
        const z1 = take(z, nearestIndex(z, p1, 'any'));
        if (!isReal(z1)) sos[si] = singleSection([z1, conj(z1)], [p1, p2]);
        else if (z.length > 0) {
          const z2 = take(z, nearestIndex(z, p1, 'real'));
          sos[si] = singleSection([z1, z2], [p1, p2]);
        } else sos[si] = singleSection([z1], [p1, p2]);
      } else sos[si] = singleSection([], [p1, p2]);
    }
  }
  for (let j = 0; j < 3; j++) sos[0]![j]! *= k;
  return Float64Array.from(sos.flat());
}
