// Per-channel physical/digital ranges for writing: the physical range is the data's own min..max,
// widened outward to the nearest value that fits the 8-character header field, so nothing clips and
// the full digital range (16 or 24 bits) is used for resolution.

export interface ChannelScaling {
  physicalMin: number;
  physicalMax: number;
  /** Header text of the physical range (the numbers above are exactly Number(text)). */
  physicalMinText: string;
  physicalMaxText: string;
  digitalMin: number;
  digitalMax: number;
  /** Physical units per digital step. */
  gain: number;
}

/** Decimal text of at most 8 characters that is <= x (down) or >= x (up), keeping as many digits as fit. */
export function fitField(x: number, direction: 'down' | 'up'): string {
  for (let digits = 12; digits >= 0; digits--) {
    const scale = 10 ** digits;
    const v = direction === 'down' ? Math.floor(x * scale) / scale : Math.ceil(x * scale) / scale;
    const text = trimNumber(v.toFixed(digits));
    if (text.length <= 8 && (direction === 'down' ? Number(text) <= x : Number(text) >= x)) return text;
  }
  throw new RangeError(`${x} does not fit an 8-character EDF field`);
}

function trimNumber(s: string): string {
  const t = s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
  return t === '-0' ? '0' : t;
}

export function chooseScaling(samples: Float64Array, bits: 16 | 24): ChannelScaling {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) [min, max] = [-1, 1];
  if (max - min < 1e-6 * Math.max(1, Math.abs(min))) [min, max] = [min - 1, max + 1];
  const physicalMinText = fitField(min, 'down');
  const physicalMaxText = fitField(max, 'up');
  const [physicalMin, physicalMax] = [Number(physicalMinText), Number(physicalMaxText)];
  const digitalMin = bits === 16 ? -32768 : -8388608;
  const digitalMax = bits === 16 ? 32767 : 8388607;
  return {
    physicalMin,
    physicalMax,
    physicalMinText,
    physicalMaxText,
    digitalMin,
    digitalMax,
    gain: (physicalMax - physicalMin) / (digitalMax - digitalMin),
  };
}

/** Digital value for a physical one (rounded to the nearest step, clamped as a last guard). */
export function toDigital(x: number, s: ChannelScaling): number {
  if (Number.isNaN(x)) return s.digitalMin;
  const d = Math.round((x - s.physicalMin) / s.gain + s.digitalMin);
  return d < s.digitalMin ? s.digitalMin : Math.min(d, s.digitalMax);
}
