// A ReaderEndpoint fed from the page, for sources whose samples come from the page itself (a replay
// of a stored session): each block becomes acquisition frames posted over a MessagePort, so the
// neurofeedback worker reads a replay exactly as it reads a device.
import { FRAME_HEADER_VALUES, frameWidth, type ReaderEndpoint } from '../../../../workers/protocol/streams.ts';
import type { LiveBlock } from './live-source.ts';

export function blocksToEndpoint(
  subscribe: (onBlock: (block: LiveBlock) => void) => () => void,
  streamId: string,
  channelCount: number,
  sampleRateHz: number,
): { endpoint: ReaderEndpoint; close(): void } {
  const channel = new MessageChannel();
  const width = frameWidth(channelCount);
  const unsubscribe = subscribe((block) => {
    if (block.streamId !== streamId) return;
    const length = block.channels[0]?.length ?? 0;
    if (!length) return;
    const frames = new Float64Array(length * width);
    // The replay's samples are "taken" as they are emitted: the newest one now, the others before it.
    const nowMs = performance.timeOrigin + performance.now();
    for (let f = 0; f < length; f++) {
      frames[f * width] = block.firstSample + f;
      frames[f * width + 1] = nowMs - ((length - 1 - f) * 1000) / sampleRateHz;
      for (let c = 0; c < channelCount; c++) frames[f * width + FRAME_HEADER_VALUES + c] = block.channels[c][f];
    }
    channel.port1.postMessage(frames, [frames.buffer]);
  });
  return {
    endpoint: { port: channel.port2, frameWidth: width },
    close() {
      unsubscribe();
      channel.port1.close();
    },
  };
}
