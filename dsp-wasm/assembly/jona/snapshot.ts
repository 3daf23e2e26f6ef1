// Copying kernel state to and from a flat byte area, so a host can keep checkpoints of a render
// (state after frame F) and resume from one later: the continued output is bit-identical to an
// uninterrupted render because every value that a future sample depends on is restored.
// Each module that holds state saves and loads its own part (its globals are private to it);
// values fixed by init() (sample-rate constants, seed, coefficient tables) are not part of it,
// so a checkpoint is restored into a kernel initialised with the same rate and seed.

/** Appends the contents of `a` at `p`; returns the next free byte. */
// @ts-ignore: decorator
@inline export function putArray<T>(p: usize, a: StaticArray<T>): usize {
  const n = <usize>a.length << alignof<T>();
  memory.copy(p, changetype<usize>(a), n);
  return p + n;
}

/** Reads the contents of `a` back from `p`; returns the next byte. */
// @ts-ignore: decorator
@inline export function getArray<T>(p: usize, a: StaticArray<T>): usize {
  const n = <usize>a.length << alignof<T>();
  memory.copy(changetype<usize>(a), p, n);
  return p + n;
}
