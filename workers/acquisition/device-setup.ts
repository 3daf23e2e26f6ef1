// Turns a DeviceSetup into the descriptor and decoder the acquisition session needs. One place per kind.
import type { DeviceSetup } from './acquisition.protocol.ts';
import type { DeviceDescriptor } from '../protocol/streams.ts';
import type { DeviceDecoder } from '../devices/decoded.ts';
import { applyMontage } from '../devices/montages.ts';
import { museDescriptor } from '../devices/muse/descriptor.ts';
import { createMuseDecoder } from '../devices/muse/stream-decoder.ts';
import { athenaDescriptor } from '../devices/muse-athena/descriptor.ts';
import { createAthenaDecoder } from '../devices/muse-athena/stream-decoder.ts';
import { ganglionDescriptor } from '../devices/ganglion/descriptor.ts';
import { createGanglionDecoder } from '../devices/ganglion/decode.ts';
import { cytonDescriptor } from '../devices/cyton/descriptor.ts';
import { createCytonDecoder } from '../devices/cyton/decode.ts';
import { heartRateStrapDescriptor } from '../devices/heart-rate-strap/descriptor.ts';
import { createHeartRateStrapDecoder } from '../devices/heart-rate-strap/decode.ts';
import { syntheticDescriptor } from '../devices/synthetic/descriptor.ts';
import { createSyntheticDecoder } from '../devices/synthetic/packets.ts';
import { playbackDescriptor } from '../devices/playback/playback-source.ts';
import { createPlaybackDecoder } from '../devices/playback/decode.ts';

export interface DevicePipeline {
  descriptor: DeviceDescriptor;
  decoder: DeviceDecoder & { setGain?: (channel: number, gain: number) => void };
}

/**
 * Builds the pipeline for a setup, its EEG channels named by `setup.channelNames` when given; throws
 * an Error with a plain-language message for bad options (names that do not fit the inputs, too).
 */
export function createDevicePipeline(setup: DeviceSetup): DevicePipeline {
  const pipeline = devicePipeline(setup);
  return setup.channelNames ? { ...pipeline, descriptor: applyMontage(pipeline.descriptor, setup.channelNames) } : pipeline;
}

function devicePipeline(setup: DeviceSetup): DevicePipeline {
  switch (setup.kind) {
    case 'muse':
      if (setup.museModel === 'athena') return { descriptor: athenaDescriptor(setup.athenaPreset), decoder: createAthenaDecoder(setup.athenaPreset) };
      return { descriptor: museDescriptor(setup.musePreset), decoder: createMuseDecoder(setup.musePreset) };
    case 'ganglion':
      return { descriptor: ganglionDescriptor(), decoder: createGanglionDecoder(setup.ganglionFirmware ?? 3) };
    case 'cyton':
    case 'cyton-daisy': {
      const daisy = setup.kind === 'cyton-daisy';
      return { descriptor: cytonDescriptor(daisy), decoder: createCytonDecoder(daisy) };
    }
    case 'heart-rate-strap':
      return { descriptor: heartRateStrapDescriptor(), decoder: createHeartRateStrapDecoder() };
    case 'synthetic': {
      const channels = setup.synthetic?.channelCount ?? 4;
      return { descriptor: syntheticDescriptor(channels, setup.synthetic?.sampleRateHz ?? 256), decoder: createSyntheticDecoder(channels) };
    }
    case 'playback': {
      if (!setup.playback) throw new Error('playback needs a recording');
      const { descriptor } = playbackDescriptor(setup.playback.recording);
      return { descriptor, decoder: createPlaybackDecoder(descriptor) };
    }
    default:
      throw new Error(`unknown device kind "${(setup as { kind: string }).kind}"`);
  }
}
