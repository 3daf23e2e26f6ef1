// One stream's timeline: the device counter is the truth. Each packet's modular sequence number is
// unwrapped to an absolute sample index; a jump becomes an explicit gap record (never interpolated).
// Counters that wrap faster than a loss can be seen (Cyton: 256 packets ≈ 1 s) are disambiguated with
// the clock fit: of all indexes the counter allows, take the one nearest where host time says we are.
// After a reconnect the device may have restarted its counter, so if counter and clock disagree by
// more than `reconnectToleranceSec` the clock decides the gap length.
import type { GapRecord, Stream, StreamStats } from '../protocol/streams.ts';
import { ClockFit } from './clock-fit.ts';

export interface PacketPlacement {
  /** Sample index of the packet's first frame. */
  startSample: number;
  /** Gap inserted before it, if any. */
  gap: GapRecord | null;
}

export class StreamTimeline {
  readonly fit: ClockFit;
  private lastSeq = -1;
  private nextSample = 0;
  private resuming = false;
  readonly stats: StreamStats;

  constructor(
    readonly stream: Stream,
    private readonly reconnectToleranceSec = 0.5,
  ) {
    this.fit = new ClockFit(stream.sampleRateHz);
    this.stats = { streamId: stream.id, samples: 0, gaps: 0, lostSamples: 0, measuredRateHz: null, duplicates: 0, packets: 0 };
  }

  /** The link dropped: the next packet's gap is measured as a disconnection. */
  markDisconnected(): void {
    this.resuming = true;
  }

  /**
   * Places one packet on the timeline. Returns null for a duplicate or stale packet (counted, dropped).
   * `frames` samples per channel; `arrivalMs` host time it arrived (performance.timeOrigin + now()).
   */
  accept(seq: number, seqModulus: number, frames: number, arrivalMs: number): PacketPlacement | null {
    if (this.lastSeq < 0) {
      this.lastSeq = seq;
      return this.place(0, frames, arrivalMs, null);
    }
    const delta = (((seq - this.lastSeq) % seqModulus) + seqModulus) % seqModulus;
    const expectedPackets = (this.fit.sampleIndexAt(arrivalMs) - this.nextSample) / frames + 1;
    let packets = delta + Math.round((expectedPackets - delta) / seqModulus) * seqModulus;
    let cause: GapRecord['cause'] = 'packet-loss';
    if (this.resuming) {
      cause = 'disconnect';
      this.resuming = false;
      const byClock = Math.max(1, Math.round(expectedPackets));
      if (Math.abs(byClock - packets) * frames > this.reconnectToleranceSec * this.stream.sampleRateHz) packets = byClock;
    }
    if (packets <= 0) {
      this.stats.duplicates++;
      return null;
    }
    this.lastSeq = seq;
    const missing = (packets - 1) * frames;
    let gap: GapRecord | null = null;
    if (missing > 0) {
      gap = {
        streamId: this.stream.id,
        startSample: this.nextSample,
        lengthSamples: missing,
        startHostTimeMs: this.fit.hostTimeMs(this.nextSample),
        cause,
      };
      this.stats.gaps++;
      this.stats.lostSamples += missing;
    }
    return this.place(this.nextSample + missing, frames, arrivalMs, gap);
  }

  private place(startSample: number, frames: number, arrivalMs: number, gap: GapRecord | null): PacketPlacement {
    this.nextSample = startSample + frames;
    // The packet is complete when it arrives, so its arrival time belongs to its last sample.
    this.fit.add(this.nextSample - 1, arrivalMs);
    this.stats.samples += frames;
    this.stats.packets++;
    this.stats.measuredRateHz = this.fit.rateHz;
    return { startSample, gap };
  }

  /** Sample index the next packet will start at if nothing is lost. */
  get expectedNextSample(): number {
    return this.nextSample;
  }
}
