// RIFF/WAVE header for interleaved stereo: PCM (format 1) 16/24-bit or IEEE float (format 3) 32-bit.

export type BitDepth = 16 | 24 | 32;
export const WAV_HEADER_BYTES = 44;

/** Bytes per stereo frame. */
export const frameBytes = (bitDepth: BitDepth): number => (bitDepth / 8) * 2;

/** Builds the 44-byte header for `frames` stereo frames. Throws when the data would pass 4 GiB. */
export function writeWavHeader(frames: number, sampleRateHz: number, bitDepth: BitDepth): Uint8Array {
  const blockAlign = frameBytes(bitDepth);
  const dataBytes = frames * blockAlign;
  if (dataBytes + WAV_HEADER_BYTES - 8 > 0xffffffff) throw new RangeError(`WAV data of ${dataBytes} bytes exceeds the 4 GiB RIFF limit`);
  const out = new Uint8Array(WAV_HEADER_BYTES);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, dataBytes + WAV_HEADER_BYTES - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, bitDepth === 32 ? 3 : 1, true);
  view.setUint16(22, 2, true);
  view.setUint32(24, sampleRateHz, true);
  view.setUint32(28, sampleRateHz * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, bitDepth, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  return out;
}
