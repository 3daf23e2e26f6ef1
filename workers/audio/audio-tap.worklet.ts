// AudioWorkletProcessor that copies what reaches it (two channels) to the main thread in blocks of
// TAP_BLOCK_FRAMES, each with the context frame of its first sample. A measuring tap (the loop's beat
// tracker, loop-output.ts), not part of what is heard: its output is silence. Unlike a
// ScriptProcessorNode, whose buffers a busy main thread loses and whose playbackTime Chromium rounds
// to a few hundred frames, every quantum arrives here, in order, with its exact frame; the messages
// wait in the port's queue however late the page reads them.
declare const currentFrame: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, ctor: unknown): void;

/** Frames per message: 8 quanta (about 21 ms at 48 kHz). */
const TAP_BLOCK_FRAMES = 1024;

interface TapBlock {
  /** Context frame of left[0]. */
  firstFrame: number;
  left: Float32Array;
  right: Float32Array;
}

class AudioTapProcessor extends AudioWorkletProcessor {
  private left = new Float32Array(TAP_BLOCK_FRAMES);
  private right = new Float32Array(TAP_BLOCK_FRAMES);
  private filled = 0;
  private firstFrame = 0;

  process(inputs: Float32Array[][]): boolean {
    const input = inputs[0];
    const frames = input?.[0]?.length ?? 0;
    if (frames === 0) return true; // nothing connected yet
    if (this.filled === 0) this.firstFrame = currentFrame;
    this.left.set(input[0]!, this.filled);
    this.right.set(input[1] ?? input[0]!, this.filled);
    this.filled += frames;
    if (this.filled === TAP_BLOCK_FRAMES) {
      const block: TapBlock = { firstFrame: this.firstFrame, left: this.left, right: this.right };
      this.port.postMessage(block, [this.left.buffer, this.right.buffer]);
      // The sent buffers now belong to the page: a fresh pair per block (a measuring tap, 8 kB per 21 ms).
      this.left = new Float32Array(TAP_BLOCK_FRAMES);
      this.right = new Float32Array(TAP_BLOCK_FRAMES);
      this.filled = 0;
    }
    return true;
  }
}

registerProcessor('clisonix-audio-tap', AudioTapProcessor);
