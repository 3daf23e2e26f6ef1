// Joins per-channel packets that share a sequence number into one multi-channel packet.
// Muse sends each EEG (and PPG) channel on its own characteristic, all stamped with the same seq;
// notifications of different channels interleave, so a block is held until every channel arrived.
// A block still incomplete once newer blocks are `maxLagPackets` ahead is dropped whole (the timeline
// then records the missing seq as a gap) — a half block is never emitted with invented values.
import type { DecodedPacket } from './decoded.ts';

interface PendingBlock {
  seq: number;
  values: Float64Array;
  received: number; // bit mask of channels present
}

export class ChannelZipper {
  private pending: PendingBlock[] = [];
  private newestSeq = -1;
  /** Blocks dropped because a channel never arrived. */
  incompleteBlocks = 0;

  constructor(
    private readonly streamId: string,
    private readonly channelCount: number,
    private readonly framesPerPacket: number,
    private readonly seqModulus: number,
    private readonly maxLagPackets = 4,
  ) {}

  /** Adds channel `channel`'s samples for `seq`; emits every block that is complete, in order. */
  add(channel: number, seq: number, samples: ArrayLike<number>, emit: (packet: DecodedPacket) => void): void {
    let block = this.pending.find((b) => b.seq === seq);
    if (!block) {
      block = { seq, values: new Float64Array(this.framesPerPacket * this.channelCount), received: 0 };
      this.pending.push(block);
    }
    for (let f = 0; f < this.framesPerPacket; f++) block.values[f * this.channelCount + channel] = samples[f]!;
    block.received |= 1 << channel;
    if (this.newestSeq < 0 || this.ahead(seq, this.newestSeq) > 0) this.newestSeq = seq;
    this.flush(emit);
  }

  private flush(emit: (packet: DecodedPacket) => void): void {
    const full = (1 << this.channelCount) - 1;
    while (this.pending.length > 0) {
      const head = this.pending[0]!;
      if (head.received === full) {
        this.pending.shift();
        emit({ streamId: this.streamId, seq: head.seq, seqModulus: this.seqModulus, frames: this.framesPerPacket, values: head.values });
      } else if (this.ahead(this.newestSeq, head.seq) >= this.maxLagPackets || this.pending.length > 2 * this.maxLagPackets) {
        this.pending.shift();
        this.incompleteBlocks++;
      } else {
        break;
      }
    }
  }

  /** How many packets `a` is ahead of `b`, in (-modulus/2, modulus/2]. */
  private ahead(a: number, b: number): number {
    const d = (((a - b) % this.seqModulus) + this.seqModulus) % this.seqModulus;
    return d > this.seqModulus / 2 ? d - this.seqModulus : d;
  }

  reset(): void {
    this.pending = [];
    this.newestSeq = -1;
  }
}
