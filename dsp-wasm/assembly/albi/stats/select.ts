// In-place selection (Hoare quickselect with median-of-three) on raw float64 arrays, for medians
// without a full sort: O(n) on average.

@inline function at(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
@inline function put(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/** Reorders p[0..n) so that p[k] is the k-th smallest value; returns it. */
export function selectKth(p: usize, n: i32, k: i32): f64 {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = lo + ((hi - lo) >> 1);
    // median of three into p[mid]
    if (at(p, mid) < at(p, lo)) swap(p, mid, lo);
    if (at(p, hi) < at(p, lo)) swap(p, hi, lo);
    if (at(p, hi) < at(p, mid)) swap(p, hi, mid);
    const pivot = at(p, mid);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (at(p, i) < pivot) i++;
      while (at(p, j) > pivot) j--;
      if (i <= j) {
        swap(p, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return at(p, k);
}

@inline function swap(p: usize, a: i32, b: i32): void {
  const t = at(p, a);
  put(p, a, at(p, b));
  put(p, b, t);
}

/** Median of p[0..n) (mean of the two middle values when n is even); reorders p. */
export function medianInPlace(p: usize, n: i32): f64 {
  const k = n >> 1;
  const upper = selectKth(p, n, k);
  if (n & 1) return upper;
  // after selection, the lower middle is the max of p[0..k)
  let lower = at(p, 0);
  for (let i = 1; i < k; i++) {
    const v = at(p, i);
    if (v > lower) lower = v;
  }
  return 0.5 * (lower + upper);
}
