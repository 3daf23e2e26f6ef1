// Stateful Muse S Athena decoder: one notification of 273e0013 in, one DecodedPacket per block out.
// Every stream is timed by its own per-tag block index (mod 256), so a lost notification becomes, on
// each stream it carried, a gap of exactly the samples its blocks held (the timeline records them).
// The packet counter (u16, +1 per notification) tells how many notifications were lost, reported as a
// 'packet-loss' event. Bad packets are counted and reported with their byte offset; the stream goes on.
import { createDecodeCounters, type DecodedPacket, type DeviceDecoder, type DeviceEvent } from '../decoded.ts';
import { MuseControlParser } from '../muse/decode.ts';
import { MUSE_CONTROL } from '../muse/descriptor.ts';
import { athenaBatteryPct, athenaEegUv, athenaImu, decodeAthenaNotification, type AthenaBlock, type AthenaProblem } from './decode.ts';
import { ATHENA_BLOCK_INDEX_MODULUS, ATHENA_DATA_1, ATHENA_DATA_2, ATHENA_SEQ_MODULUS, athenaPreset, type AthenaPresetId } from './descriptor.ts';

/** Problems of one kind are reported individually this many times, then every REPORT_EVERY-th. */
const REPORT_FIRST = 5;
const REPORT_EVERY = 100;

/** Creates the decoder for one Athena session streaming `presetId` (decides 4/8 EEG and the optics layout). */
export function createAthenaDecoder(presetId?: AthenaPresetId): DeviceDecoder {
  const preset = athenaPreset(presetId);
  const counters = createDecodeCounters();
  const problemCounts = new Map<string, number>();
  let control = new MuseControlParser();
  let lastSeq = -1;

  const report = (event: (e: DeviceEvent) => void, code: string, byteOffset: number, message: string) => {
    const occurrences = (problemCounts.get(code) ?? 0) + 1;
    problemCounts.set(code, occurrences);
    if (occurrences <= REPORT_FIRST || occurrences % REPORT_EVERY === 0)
      event({ type: 'decode-problem', source: 'muse-athena', code, byteOffset, message, occurrences });
  };

  const onProblem = (p: AthenaProblem, event: (e: DeviceEvent) => void) => {
    if (p.code === 'length-overrun' || p.code === 'short-packet') counters.truncated++;
    else if (p.code === 'unknown-tag') counters.unknown++;
    else counters.corrupt++;
    counters.skippedBytes += p.skippedBytes;
    report(event, p.code, p.byteOffset, p.message);
  };

  const emitBlock = (b: AthenaBlock, emit: (p: DecodedPacket) => void, event: (e: DeviceEvent) => void) => {
    const seq = b.index;
    const seqModulus = ATHENA_BLOCK_INDEX_MODULUS;
    if (b.kind === 'eeg' || b.kind === 'optics') {
      const expected = b.kind === 'eeg' ? preset.eegChannels : preset.opticsChannels;
      if (b.channels !== expected) {
        counters.unknown++;
        const wanted = expected ? `${expected}-channel` : 'no';
        const message = `a ${b.channels}-channel ${b.kind} block at byte ${b.byteOffset}, but preset ${preset.id} streams ${wanted} ${b.kind}: skipped`;
        return report(event, 'unexpected-block', b.byteOffset, message);
      }
      const values = new Float64Array(b.raw.length);
      if (b.kind === 'eeg') for (let i = 0; i < values.length; i++) values[i] = athenaEegUv(b.raw[i]!);
      else values.set(b.raw);
      emit({ streamId: b.kind, seq, seqModulus, frames: b.samples, values });
    } else if (b.kind === 'imu') {
      const { accelG, gyroDps } = athenaImu(b);
      emit({ streamId: 'accel', seq, seqModulus, frames: b.samples, values: accelG });
      emit({ streamId: 'gyro', seq, seqModulus, frames: b.samples, values: gyroDps });
    } else if (b.kind === 'battery') {
      event({ type: 'telemetry', batteryPct: athenaBatteryPct(b) });
    }
    // 'drl-ref' (0x53): 12 words near 8192 whose meaning nobody has established; not a stream.
  };

  const feed = (source: string, bytes: Uint8Array, emit: (p: DecodedPacket) => void, event: (e: DeviceEvent) => void): void => {
    const uuid = source.toLowerCase();
    if (uuid === MUSE_CONTROL) {
      const { objects, malformed } = control.push(bytes);
      counters.corrupt += malformed;
      for (const info of objects) {
        event({ type: 'device-info', info });
        // The status reply (`s`) carries the charge as "bp" (%, two decimals): known before the first battery block.
        if (typeof info.bp === 'number' && Number.isFinite(info.bp)) event({ type: 'telemetry', batteryPct: info.bp });
      }
      return;
    }
    if (uuid !== ATHENA_DATA_1 && uuid !== ATHENA_DATA_2) {
      counters.unknown++;
      counters.skippedBytes += bytes.length;
      return;
    }
    const { packets, problems } = decodeAthenaNotification(bytes);
    for (const p of problems) onProblem(p, event);
    for (const packet of packets) {
      counters.packets++;
      if (lastSeq >= 0) {
        const step = (packet.seq - lastSeq + ATHENA_SEQ_MODULUS) % ATHENA_SEQ_MODULUS;
        // seq 0 out of turn = the headset restarted its stream (counters back at 0), not a loss.
        if (step > 1 && packet.seq !== 0) event({ type: 'packet-loss', source: 'muse-athena', lostPackets: step - 1, lastSeq, nextSeq: packet.seq });
      }
      lastSeq = packet.seq;
      for (const block of packet.blocks) emitBlock(block, emit, event);
    }
  };

  return {
    counters,
    feed,
    reset() {
      control = new MuseControlParser();
      lastSeq = -1;
    },
  };
}
