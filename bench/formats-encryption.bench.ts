// End-to-end encryption throughput (api/src/contract/e2e-crypto.ts, the module the studio's sync uses)
// on a one-hour session, 8 channels at 250 Hz in 1 s chunks: encrypting every chunk for upload and
// decrypting it on download, in MB/s of plain sample bytes, beside the plain work in the same run:
// encoding the chunks (the recorder's step) and exporting the session as EDF+. Node's Web Crypto
// (globalThis.crypto.subtle), as in the browser. Prints JSON lines.
import { encodeChunk } from '../api/src/contract/chunk.ts';
import { decryptChunk, deriveSessionKey, encryptChunk, KDF_MIN_ITERATIONS } from '../api/src/contract/e2e-crypto.ts';
import { exportRecording, type Recording } from '../workers/formats/index.ts';

const MB = 2 ** 20;
const CHANNELS = 8;
const RATE = 250;
const SECONDS = 3600;

/** The hour as 1 s chunks of channel-major float32 (two decimals, as devices write them). */
function hourOfChunks(): Float32Array[][] {
  return Array.from({ length: SECONDS }, (_, s) =>
    Array.from({ length: CHANNELS }, (_, k) =>
      Float32Array.from({ length: RATE }, (_, i) => Math.round((60 * Math.sin((s * RATE + i) / (3 + k)) + 10 * Math.sin(i / 17)) * 100) / 100),
    ),
  );
}

async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

export async function run(): Promise<void> {
  const chunks = hourOfChunks();
  const sessionId = crypto.randomUUID();
  const place = (seq: number) => ({ sessionId, stream: 'eeg', seq });
  const kdf = await timed(() => deriveSessionKey('a passphrase for the benchmark', crypto.getRandomValues(new Uint8Array(16)), KDF_MIN_ITERATIONS));
  const key = kdf.value;

  const encode = await timed(() => chunks.map((channels, seq) => encodeChunk({ firstSample: seq * RATE, channels })));
  const plain = encode.value;
  const plainMb = plain.reduce((n, b) => n + b.byteLength, 0) / MB;
  // One chunk at a time, as the sync uploads them (await each: the same order of work as the queue).
  const encrypt = await timed(async () => {
    const out: Uint8Array[] = [];
    for (const [seq, bytes] of plain.entries()) out.push(await encryptChunk(key, place(seq), bytes));
    return out;
  });
  const decrypt = await timed(async () => {
    let n = 0;
    for (const [seq, bytes] of encrypt.value.entries()) n += (await decryptChunk(key, place(seq), bytes)).byteLength;
    return n;
  });
  if (decrypt.value !== plainMb * MB) throw new Error('decrypted bytes differ from the plain bytes');

  const recording: Recording = {
    format: 'clisonix-json',
    startTime: '2024-01-01T00:00:00',
    markers: [],
    gaps: [],
    warnings: [],
    metadata: {},
    channels: Array.from({ length: CHANNELS }, (_, k) => {
      const samples = new Float64Array(SECONDS * RATE);
      chunks.forEach((c, s) => samples.set(c[k], s * RATE));
      return { label: `Ch${k + 1}`, kind: 'eeg', unit: 'uV', sampleRateHz: RATE, samples };
    }),
  };
  const edf = await timed(() => exportRecording(recording, 'edf'));
  const mbPerS = (mb: number, ms: number) => +(mb / (ms / 1000)).toFixed(1);
  console.log(
    JSON.stringify({
      bench: 'formats.encryption',
      session: `1 h, ${CHANNELS} ch x ${RATE} Hz, ${SECONDS} chunks of 1 s`,
      plain_mb: +plainMb.toFixed(2),
      encrypt_mb_per_s: mbPerS(plainMb, encrypt.ms),
      decrypt_mb_per_s: mbPerS(plainMb, decrypt.ms),
      encrypt_hour_ms: Math.round(encrypt.ms),
      kdf_ms: Math.round(kdf.ms),
      kdf_iterations: KDF_MIN_ITERATIONS,
      baseline: 'same run: encodeChunk of every chunk (plain), and the EDF+ export of the hour',
      baseline_encode_mb_per_s: mbPerS(plainMb, encode.ms),
      baseline_export_edf_mb_per_s: mbPerS(plainMb, edf.ms),
      baseline_export_edf_file_mb: +(edf.value.byteLength / MB).toFixed(2),
      ratio_encrypt_to_encode: +(encode.ms / encrypt.ms).toFixed(2),
      ratio_encrypt_to_export_edf: +(edf.ms / encrypt.ms).toFixed(2),
    }),
  );
}
