// Detrending in place, as scipy.signal.detrend: 'constant' removes the mean, 'linear' removes the
// least-squares line over sample index.
import { ERR_LENGTH, ERR_PARAM, OK } from '../common/status';
import { meanOf } from '../stats/stats';

export const DETREND_NONE: i32 = 0;
export const DETREND_CONSTANT: i32 = 1;
export const DETREND_LINEAR: i32 = 2;

export function detrendInPlace(p: usize, n: i32, mode: i32): i32 {
  if (n <= 0) return ERR_LENGTH;
  if (mode == DETREND_NONE) return OK;
  const mean = meanOf(p, n);
  if (mode == DETREND_CONSTANT) {
    for (let i = 0; i < n; i++) {
      const q = p + (<usize>i << 3);
      store<f64>(q, load<f64>(q) - mean);
    }
    return OK;
  }
  if (mode != DETREND_LINEAR) return ERR_PARAM;
  // centred time tc = i - (n-1)/2, slope = sum(tc * y) / sum(tc^2)
  const centre = 0.5 * <f64>(n - 1);
  let sty = 0.0;
  let stt = 0.0;
  for (let i = 0; i < n; i++) {
    const tc = <f64>i - centre;
    sty += tc * (load<f64>(p + (<usize>i << 3)) - mean);
    stt += tc * tc;
  }
  const slope = stt > 0.0 ? sty / stt : 0.0;
  for (let i = 0; i < n; i++) {
    const q = p + (<usize>i << 3);
    store<f64>(q, load<f64>(q) - mean - slope * (<f64>i - centre));
  }
  return OK;
}
