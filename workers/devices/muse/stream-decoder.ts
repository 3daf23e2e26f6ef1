// Stateful Muse decoder: routes each notification by characteristic, zips channels, counts bad packets.
import { ChannelZipper } from '../channel-zipper.ts';
import { createDecodeCounters, type DecodedPacket, type DeviceDecoder, type DeviceEvent } from '../decoded.ts';
import {
  MUSE_ACCEL,
  MUSE_CONTROL,
  MUSE_EEG,
  MUSE_EEG_SAMPLES_PER_PACKET,
  MUSE_GYRO,
  MUSE_IMU_SAMPLES_PER_PACKET,
  MUSE_PPG,
  MUSE_PPG_SAMPLES_PER_PACKET,
  MUSE_SEQ_MODULUS,
  MUSE_TELEMETRY,
  musePresetHasAux,
  type MusePreset,
} from './descriptor.ts';
import { decodeMuseEeg, decodeMuseImu, decodeMusePpg, decodeMuseTelemetry, MuseControlParser } from './decode.ts';

/** Creates the decoder for one Muse session with the given preset (decides 4 or 5 EEG channels). */
export function createMuseDecoder(preset: MusePreset = 'p21'): DeviceDecoder {
  const eegCount = musePresetHasAux(preset) ? 5 : 4;
  const counters = createDecodeCounters();
  let eeg = new ChannelZipper('eeg', eegCount, MUSE_EEG_SAMPLES_PER_PACKET, MUSE_SEQ_MODULUS);
  let ppg = new ChannelZipper('ppg', 3, MUSE_PPG_SAMPLES_PER_PACKET, MUSE_SEQ_MODULUS);
  let control = new MuseControlParser();

  const feed = (source: string, bytes: Uint8Array, emit: (p: DecodedPacket) => void, event: (e: DeviceEvent) => void): void => {
    const uuid = source.toLowerCase();
    const eegIndex = MUSE_EEG.indexOf(uuid);
    const ppgIndex = MUSE_PPG.indexOf(uuid);
    if (eegIndex >= 0) {
      if (eegIndex >= eegCount) return void counters.unknown++;
      const packet = decodeMuseEeg(bytes);
      if (!packet) return void counters.truncated++;
      counters.packets++;
      eeg.add(eegIndex, packet.seq, packet.samplesUv, emit);
    } else if (ppgIndex >= 0) {
      const packet = decodeMusePpg(bytes);
      if (!packet) return void counters.truncated++;
      counters.packets++;
      ppg.add(ppgIndex, packet.seq, packet.samples, emit);
    } else if (uuid === MUSE_ACCEL || uuid === MUSE_GYRO) {
      const which = uuid === MUSE_ACCEL ? 'accel' : 'gyro';
      const packet = decodeMuseImu(bytes, which);
      if (!packet) return void counters.truncated++;
      counters.packets++;
      emit({ streamId: which, seq: packet.seq, seqModulus: MUSE_SEQ_MODULUS, frames: MUSE_IMU_SAMPLES_PER_PACKET, values: packet.xyz });
    } else if (uuid === MUSE_TELEMETRY) {
      const t = decodeMuseTelemetry(bytes);
      if (!t) return void counters.truncated++;
      counters.packets++;
      event({ type: 'telemetry', batteryPct: t.batteryPct, fuelGaugeMv: t.fuelGaugeMv, temperatureC: t.temperatureC });
    } else if (uuid === MUSE_CONTROL) {
      const { objects, malformed } = control.push(bytes);
      counters.corrupt += malformed;
      for (const info of objects) event({ type: 'device-info', info });
    } else {
      counters.unknown++;
      counters.skippedBytes += bytes.length;
    }
  };

  return {
    counters,
    feed,
    reset() {
      eeg = new ChannelZipper('eeg', eegCount, MUSE_EEG_SAMPLES_PER_PACKET, MUSE_SEQ_MODULUS);
      ppg = new ChannelZipper('ppg', 3, MUSE_PPG_SAMPLES_PER_PACKET, MUSE_SEQ_MODULUS);
      control = new MuseControlParser();
    },
  };
}
