// The synthetic headset as a byte source on a virtual clock. `advanceTo(trueTimeMs)` emits every packet
// the device would have completed by then, each with the host time it "arrived" (true time + latency
// jitter). Drift scales the device clock (0.0025 = the device runs 0.25% fast); drops lose packets in
// flight (the counter still advances, as on a real headset); `disconnect(ms)` loses everything for a while.
// Tests fast-forward by advancing the clock in big steps; the worker advances it to performance.now().
import { EegModel, createRandom, type AlphaChange } from './eeg-model.ts';
import { encodeSyntheticPacket, SYNTHETIC_ACCEL_SOURCE } from './packets.ts';
import { SYNTHETIC_ACCEL, syntheticLabels } from './descriptor.ts';

export interface SyntheticOptions {
  channelCount?: number;
  sampleRateHz?: number;
  seed?: number;
  framesPerPacket?: number;
  /** Probability that any one packet is lost in flight (0..1). */
  dropProbability?: number;
  /** Relative device clock error, e.g. 0.0025 for 0.25% fast. */
  clockDrift?: number;
  /** Maximum extra transport latency per packet, ms (uniform 0..jitterMs). */
  jitterMs?: number;
  mainsHz?: 50 | 60 | 0;
}

export interface SyntheticPacket {
  /** Transport source: 'synthetic' (EEG) or SYNTHETIC_ACCEL_SOURCE (accelerometer). */
  source: string;
  bytes: Uint8Array;
  arrivalMs: number;
}

export class SyntheticSource {
  readonly channelCount: number;
  readonly sampleRateHz: number;
  readonly framesPerPacket: number;
  private readonly model: EegModel;
  private readonly random: () => number;
  private readonly values: Float64Array;
  private counter = 0;
  private accelCounter = 0;
  /** Host-time span (ms) of a steered nod on the accelerometer; empty when none. */
  private nodFromMs = 0;
  private nodUntilMs = 0;
  private readonly accelValues = new Float64Array(SYNTHETIC_ACCEL.framesPerPacket * SYNTHETIC_ACCEL.labels.length);
  /** Its own generator, so the EEG's packets, drops and jitter are the same with or without it. */
  private readonly accelRandom: () => number;
  private disconnectedUntilMs = -Infinity;
  /** Packets lost to `dropProbability` (for tests to compare with detected gaps). */
  droppedPackets = 0;

  constructor(
    private readonly o: SyntheticOptions = {},
    private readonly startMs = 0,
  ) {
    this.channelCount = o.channelCount ?? 4;
    this.sampleRateHz = o.sampleRateHz ?? 256;
    this.framesPerPacket = o.framesPerPacket ?? Math.max(1, Math.round(this.sampleRateHz / 32));
    this.model = new EegModel({ labels: syntheticLabels(this.channelCount), sampleRateHz: this.sampleRateHz, seed: o.seed ?? 1, mainsHz: o.mainsHz });
    this.random = createRandom((o.seed ?? 1) ^ 0x9e3779b9);
    this.values = new Float64Array(this.framesPerPacket * this.channelCount);
    this.accelRandom = createRandom((o.seed ?? 1) ^ 0x5bd1e995);
  }

  /** True time (ms) at which packet `n` is complete on the device clock. */
  private packetDoneMs(n: number, framesPerPacket = this.framesPerPacket, rateHz = this.sampleRateHz): number {
    const deviceRate = rateHz * (1 + (this.o.clockDrift ?? 0));
    return this.startMs + (((n + 1) * framesPerPacket) / deviceRate) * 1000;
  }

  /**
   * Steers the alpha rhythm from host time `hostMs` on (same clock as `startMs`). Sample i is taken
   * at startMs + (i + 1) / rate (the last sample of a packet at the packet's completion), so the change
   * starts at the first sample taken at or after `hostMs` (or the next one generated, if that is past).
   * Returns that sample's index and its host time.
   */
  steerAlpha(hostMs: number, change: AlphaChange): { sample: number; hostMs: number } {
    if (!Number.isFinite(hostMs)) throw new RangeError(`synthetic steer needs a finite host time, got ${hostMs}`);
    if (change.nodSec !== undefined) {
      if (!(change.nodSec > 0 && change.nodSec <= 60)) throw new RangeError(`synthetic nod must last (0, 60] s, got ${change.nodSec}`);
      this.nodFromMs = hostMs;
      this.nodUntilMs = hostMs + change.nodSec * 1000;
    }
    const deviceRate = this.sampleRateHz * (1 + (this.o.clockDrift ?? 0));
    const wanted = Math.max(0, Math.ceil(((hostMs - this.startMs) * deviceRate) / 1000 - 1 - 1e-9));
    const sample = this.model.steerAlpha(wanted, change);
    return { sample, hostMs: this.sampleHostMs(sample) };
  }

  /** Host time (true time, before transport latency) at which sample `index` is taken. */
  sampleHostMs(index: number): number {
    return this.startMs + ((index + 1) / (this.sampleRateHz * (1 + (this.o.clockDrift ?? 0)))) * 1000;
  }

  /** Loses every packet completed before `untilMs` (a dropped link); the device keeps sampling. */
  disconnectUntil(untilMs: number): void {
    this.disconnectedUntilMs = untilMs;
  }

  /** When the next packet (EEG or accelerometer) completes, on the clock of `advanceTo`. */
  nextPacketDueMs(): number {
    const { framesPerPacket, sampleRateHz } = SYNTHETIC_ACCEL;
    return Math.min(this.packetDoneMs(this.counter), this.packetDoneMs(this.accelCounter, framesPerPacket, sampleRateHz));
  }

  /** Emits the packets completed up to `trueTimeMs`, in order. Returns how many were produced (delivered or not). */
  advanceTo(trueTimeMs: number, deliver: (packet: SyntheticPacket) => void): number {
    let produced = 0;
    while (this.packetDoneMs(this.counter) <= trueTimeMs) {
      const doneMs = this.packetDoneMs(this.counter);
      this.model.generate(this.framesPerPacket, this.values);
      const lost = doneMs < this.disconnectedUntilMs || this.random() < (this.o.dropProbability ?? 0);
      const latency = this.random() * (this.o.jitterMs ?? 0);
      if (!lost)
        deliver({
          source: 'synthetic',
          bytes: encodeSyntheticPacket(this.counter, this.framesPerPacket, this.channelCount, this.values),
          arrivalMs: doneMs + latency,
        });
      else if (doneMs >= this.disconnectedUntilMs) this.droppedPackets++;
      this.counter++;
      produced++;
    }
    this.advanceAccelerometer(trueTimeMs, deliver);
    return produced;
  }

  /** The accelerometer: gravity on Z with a slow sway of the head on X and Y (g); lost with the link. */
  private advanceAccelerometer(trueTimeMs: number, deliver: (packet: SyntheticPacket) => void): void {
    const { framesPerPacket, sampleRateHz } = SYNTHETIC_ACCEL;
    while (this.packetDoneMs(this.accelCounter, framesPerPacket, sampleRateHz) <= trueTimeMs) {
      const doneMs = this.packetDoneMs(this.accelCounter, framesPerPacket, sampleRateHz);
      for (let f = 0; f < framesPerPacket; f++) {
        const t = (this.accelCounter * framesPerPacket + f) / sampleRateHz;
        this.accelValues[f * 3] = 0.03 * Math.sin(2 * Math.PI * 0.2 * t) + 0.002 * (this.accelRandom() - 0.5);
        // A steered nod: a 2.5 Hz square swing of ±0.2 g on Y while its host time lasts (the sample is taken at startMs + t);
        // each half swing (200 ms) is shorter than a motion block (0.25 s), so every block of the nod holds both signs.
        const takenMs = this.startMs + t * 1000;
        const nod = takenMs >= this.nodFromMs && takenMs < this.nodUntilMs ? ((takenMs - this.nodFromMs) % 400 < 200 ? 0.2 : -0.2) : 0;
        this.accelValues[f * 3 + 1] = 0.02 * Math.sin(2 * Math.PI * 0.13 * t + 1) + 0.002 * (this.accelRandom() - 0.5) + nod;
        this.accelValues[f * 3 + 2] = 0.98 + 0.01 * Math.sin(2 * Math.PI * 0.07 * t) + 0.002 * (this.accelRandom() - 0.5);
      }
      if (doneMs >= this.disconnectedUntilMs)
        deliver({
          source: SYNTHETIC_ACCEL_SOURCE,
          bytes: encodeSyntheticPacket(this.accelCounter, framesPerPacket, 3, this.accelValues),
          arrivalMs: doneMs,
        });
      this.accelCounter++;
    }
  }
}
