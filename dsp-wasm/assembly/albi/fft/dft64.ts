// Plain real DFT for segment lengths the radix-2 FFT does not cover (not a power of two, or < 16).
// Only Welch uses it, when a short signal shrinks the segment to an odd length as SciPy does.
// O(n^2) with one cos/sin table per length; output layout as rfft64 (floor(n/2)+1 complex).
import { Scratch } from '../common/alloc';

const table = new Scratch();
let tableN: i32 = 0;

export function rdft64(input: usize, output: usize, n: i32): void {
  const tab = table.ensure(<usize>n << 4);
  if (tableN != n) {
    for (let k = 0; k < n; k++) {
      const angle = (-2.0 * Math.PI * <f64>k) / <f64>n;
      store<f64>(tab + (<usize>k << 4), Math.cos(angle));
      store<f64>(tab + (<usize>k << 4), Math.sin(angle), 8);
    }
    tableN = n;
  }
  const bins = (n >> 1) + 1;
  for (let k = 0; k < bins; k++) {
    let re = 0.0;
    let im = 0.0;
    let idx = 0;
    for (let j = 0; j < n; j++) {
      const x = load<f64>(input + (<usize>j << 3));
      re += x * load<f64>(tab + (<usize>idx << 4));
      im += x * load<f64>(tab + (<usize>idx << 4), 8);
      idx += k;
      if (idx >= n) idx -= n;
    }
    store<f64>(output + (<usize>k << 4), re);
    store<f64>(output + (<usize>k << 4), im, 8);
  }
}
