// Cuts a continuous stream into chunks of one second of samples. Pure: no IndexedDB, no clock.
//
//   blocks in (any length)      |--b0--|---b1---|-b2-|  gap  |--b3--|
//   sealed chunks               [ seq0: rate samples ][seq1 (short)] [ seq2 ... )
//
// A chunk never spans a gap: when a block starts later than the next expected sample, the open chunk
// is sealed short and the next one starts at the block's own index. Samples are never invented.

/** Samples of one stream, channel-major (one Float32Array per channel, all the same length). */
export interface SampleBlock {
  /** Index of the block's first sample in the stream; omit when blocks are contiguous. */
  firstSample?: number;
  channels: Float32Array[];
}

export interface SealedChunk {
  streamId: string;
  seq: number;
  firstSample: number;
  /** One Float32Array per channel, `sampleCount` long. */
  channels: Float32Array[];
  sampleCount: number;
}

export class ChunkSealer {
  private open: Float32Array[];
  private filled = 0;
  private openFirstSample = 0;
  private nextSample = 0;
  private nextSeq: number;

  /**
   * @param samplesPerChunk samples per channel in a full chunk (the sample rate, for 1 s chunks)
   * @example const sealer = new ChunkSealer('eeg', 8, 250); sealer.push({ channels }).forEach(save);
   */
  constructor(
    readonly streamId: string,
    readonly channelCount: number,
    readonly samplesPerChunk: number,
    startSeq = 0,
  ) {
    if (!Number.isInteger(samplesPerChunk) || samplesPerChunk < 1)
      throw new RangeError(`samplesPerChunk must be a positive integer, got ${samplesPerChunk}`);
    this.nextSeq = startSeq;
    this.open = Array.from({ length: channelCount }, () => new Float32Array(samplesPerChunk));
  }

  /** Adds a block; returns the chunks it completed (often none, sometimes several). */
  push(block: SampleBlock): SealedChunk[] {
    if (block.channels.length !== this.channelCount) {
      throw new RangeError(`stream ${this.streamId}: block has ${block.channels.length} channels, expected ${this.channelCount}`);
    }
    const length = block.channels[0]?.length ?? 0;
    if (block.channels.some((c) => c.length !== length)) throw new RangeError(`stream ${this.streamId}: channels of one block differ in length`);
    const sealed: SealedChunk[] = [];
    const start = block.firstSample ?? this.nextSample;
    if (start < this.nextSample)
      throw new RangeError(`stream ${this.streamId}: block starts at sample ${start}, before ${this.nextSample} (overlap)`);
    if (start > this.nextSample) {
      const chunk = this.sealOpen();
      if (chunk) sealed.push(chunk);
      this.nextSample = start;
    }
    if (this.filled === 0) this.openFirstSample = this.nextSample;
    let offset = 0;
    while (offset < length) {
      const take = Math.min(length - offset, this.samplesPerChunk - this.filled);
      for (let c = 0; c < this.channelCount; c++) this.open[c].set(block.channels[c].subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      this.nextSample += take;
      if (this.filled === this.samplesPerChunk) {
        sealed.push(this.sealOpen()!);
        this.openFirstSample = this.nextSample;
      }
    }
    return sealed;
  }

  /** Seals whatever is open (at stop); undefined when nothing is. */
  flush(): SealedChunk | undefined {
    return this.sealOpen();
  }

  /** Index one past the newest sample pushed. */
  get nextSampleIndex(): number {
    return this.nextSample;
  }

  /** Samples waiting in the open chunk: what a crash right now would lose. */
  get openSamples(): number {
    return this.filled;
  }

  private sealOpen(): SealedChunk | undefined {
    if (this.filled === 0) return undefined;
    const chunk: SealedChunk = {
      streamId: this.streamId,
      seq: this.nextSeq++,
      firstSample: this.openFirstSample,
      channels: this.open.map((c) => c.slice(0, this.filled)),
      sampleCount: this.filled,
    };
    this.filled = 0;
    this.openFirstSample = this.nextSample;
    return chunk;
  }
}
