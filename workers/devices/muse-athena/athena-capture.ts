// The real Athena notifications of tests/data/devices/muse-athena-vectors.json turned into a stream:
// their packet counter and per-tag block indices rewritten so consecutive packets continue each other
// (the sensor data stay the recorded bytes). Used by the decoder tests, the bench and the browser test.
import { decodeAthenaNotification } from './decode.ts';

export const hexToBytes = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));

/**
 * Copies `packet` with packet counter `seq` and each block's index taken from (and advancing) `nextIndex`
 * (per tag, mod 256). Returns the copy.
 */
export function renumberAthenaPacket(packet: Uint8Array, seq: number, nextIndex: Map<number, number>): Uint8Array {
  const out = packet.slice();
  out[1] = seq & 0xff;
  out[2] = (seq >> 8) & 0xff;
  for (const block of decodeAthenaNotification(packet).packets[0]?.blocks ?? []) {
    const index = nextIndex.get(block.tag) ?? 0;
    out[block.byteOffset + 1] = index;
    nextIndex.set(block.tag, (index + 1) & 0xff);
  }
  return out;
}

/** `count` consecutive packets cycling through `packets` (hex), seq and block indices from 0. */
export function athenaStream(packets: readonly string[], count: number): Uint8Array[] {
  const bytes = packets.map(hexToBytes);
  const nextIndex = new Map<number, number>();
  return Array.from({ length: count }, (_, seq) => renumberAthenaPacket(bytes[seq % bytes.length]!, seq, nextIndex));
}
