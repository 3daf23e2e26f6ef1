// The ONE table of SharedArrayBuffer slots used by the SPSC sample ring (workers/ring/spsc-ring.ts).
// Every side that touches a ring imports these offsets; nobody else hard-codes them.
//
//   SAB bytes [0, HEADER_BYTES)  Int32 control slots (below), written only through Atomics
//   SAB bytes [HEADER_BYTES, ..) Float64 data: (capacityFrames + 1) frames x frameWidth values
//                                (one spare frame tells "full" from "empty")

/** Int32 slot indexes in the ring header. */
export const RingSlot = {
  /** Next frame the producer will write. Written ONLY by the producer (Atomics.store). */
  WRITE_INDEX: 0,
  /** Next frame the consumer will read. Written ONLY by the consumer (Atomics.store). */
  READ_INDEX: 1,
  /** Float64 values per frame (constant after creation). */
  FRAME_WIDTH: 2,
  /** Frames in the data area including the spare one (constant after creation). */
  SLOT_FRAMES: 3,
  /** Frames the producer had to drop because the consumer was too slow. Written ONLY by the producer. */
  OVERFLOW_FRAMES: 4,
} as const;

/** Int32 header slots; padded to 8 so the Float64 area is 8-byte aligned. */
export const RING_HEADER_SLOTS = 8;
export const RING_HEADER_BYTES = RING_HEADER_SLOTS * Int32Array.BYTES_PER_ELEMENT;

/** Bytes a ring for `capacityFrames` usable frames of `frameWidth` float64 values needs. */
export function ringByteLength(capacityFrames: number, frameWidth: number): number {
  return RING_HEADER_BYTES + (capacityFrames + 1) * frameWidth * Float64Array.BYTES_PER_ELEMENT;
}
