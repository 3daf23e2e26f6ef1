// Device benchmarks (`npm run bench -- devices`):
//  1. Decoder throughput, packets/s per device type, against a straightforward baseline decoder written
//     the obvious way (DataView/bit-string per field, a fresh object per sample) in the same run.
//  2. Latency from a notification arriving at the acquisition worker to its samples being readable by
//     a consumer: SAB ring (p50/p99) against the MessagePort fallback measured the same way.
// This file is also the latency benchmark's worker entry (when not on the main thread).
import { Worker, isMainThread, parentPort, MessageChannel, type MessagePort } from 'node:worker_threads';
import { decodeMuseEeg } from '../workers/devices/muse/decode.ts';
import { createCytonDecoder } from '../workers/devices/cyton/decode.ts';
import { createGanglionDecoder } from '../workers/devices/ganglion/decode.ts';
import { createRingBuffer, RingReader } from '../workers/ring/spsc-ring.ts';
import { PortRingReader } from '../workers/ring/port-ring.ts';
import { frameWidth } from '../workers/protocol/streams.ts';
import { createMuseDecoder } from '../workers/devices/muse/stream-decoder.ts';
import { MUSE_EEG } from '../workers/devices/muse/descriptor.ts';
import { createAthenaDecoder } from '../workers/devices/muse-athena/stream-decoder.ts';
import { ATHENA_DATA_1 } from '../workers/devices/muse-athena/descriptor.ts';
import { athenaStream } from '../workers/devices/muse-athena/athena-capture.ts';
import athenaVectors from '../tests/data/devices/muse-athena-vectors.json' with { type: 'json' };

const line = (o: Record<string, unknown>) => console.log(JSON.stringify({ bench: 'devices', ...o }));

function packetsPerSecond(decodeAll: () => number, minMs = 400): number {
  decodeAll(); // warm-up
  let packets = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) packets += decodeAll();
  return packets / ((performance.now() - start) / 1000);
}

// ---- test data ------------------------------------------------------------------------------
const museEeg = Array.from({ length: 1000 }, (_, i) => Uint8Array.from({ length: 20 }, (_, j) => (i * 31 + j * 17) & 255));
const cytonStream = (() => {
  const out = new Uint8Array(33 * 1000);
  for (let p = 0; p < 1000; p++) {
    out[p * 33] = 0xa0;
    out[p * 33 + 1] = p & 255;
    out[p * 33 + 32] = 0xc0;
    for (let j = 2; j < 32; j++) out[p * 33 + j] = (p * 7 + j * 13) & 255;
  }
  return out;
})();
const ganglionPackets = Array.from({ length: 1000 }, (_, i) => {
  const b = Uint8Array.from({ length: 20 }, (_, j) => (i * 29 + j * 11) & 255);
  b[0] = 100 + (i % 100);
  return b;
});

// ---- baselines: the straightforward way --------------------------------------------------------
function baselineMuse(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const samples: { index: number; uv: number }[] = [];
  let bits = '';
  for (let i = 2; i < 20; i++) bits += view.getUint8(i).toString(2).padStart(8, '0');
  for (let s = 0; s < 12; s++) samples.push({ index: s, uv: 0.48828125 * (parseInt(bits.slice(s * 12, s * 12 + 12), 2) - 2048) });
  return { seq: view.getUint16(0), samples };
}
function baselineCyton(stream: Uint8Array) {
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  const packets: { counter: number; channels: number[] }[] = [];
  for (let p = 0; p + 33 <= stream.length; ) {
    if (view.getUint8(p) !== 0xa0 || (view.getUint8(p + 32) & 0xf0) !== 0xc0) {
      p++;
      continue;
    }
    const channels: number[] = [];
    for (let ch = 0; ch < 8; ch++) {
      const o = p + 2 + ch * 3;
      let v = (view.getUint8(o) << 16) | (view.getUint8(o + 1) << 8) | view.getUint8(o + 2);
      if (v & 0x800000) v -= 0x1000000;
      channels.push(v * (4.5 / 24 / (2 ** 23 - 1)) * 1e6);
    }
    packets.push({ counter: view.getUint8(p + 1), channels });
    p += 33;
  }
  return packets;
}
function baselineGanglion(bytes: Uint8Array) {
  let bits = '';
  for (let i = 1; i < 20; i++) bits += bytes[i]!.toString(2).padStart(8, '0');
  const values: number[] = [];
  for (let v = 0; v < 8; v++) {
    const f = parseInt(bits.slice(v * 19, v * 19 + 19), 2);
    values.push((f >= 2 ** 18 ? f - 2 ** 19 : f) * 32 * 0.0018699);
  }
  return values;
}

function throughput(): void {
  const cases: { device: string; ours: () => number; baseline: () => number }[] = [
    {
      device: 'muse-eeg',
      ours: () => {
        for (const p of museEeg) decodeMuseEeg(p);
        return museEeg.length;
      },
      baseline: () => {
        for (const p of museEeg) baselineMuse(p);
        return museEeg.length;
      },
    },
    {
      device: 'cyton',
      ours: () => {
        const d = createCytonDecoder(false);
        let n = 0;
        d.feed(
          'serial',
          cytonStream,
          () => n++,
          () => {},
        );
        return n / 2;
      },
      baseline: () => baselineCyton(cytonStream).length,
    },
    {
      device: 'ganglion-fw3',
      ours: () => {
        const d = createGanglionDecoder(3);
        for (const p of ganglionPackets)
          d.feed(
            'rx',
            p,
            () => {},
            () => {},
          );
        return ganglionPackets.length;
      },
      baseline: () => {
        for (const p of ganglionPackets) baselineGanglion(p);
        return ganglionPackets.length;
      },
    },
  ];
  for (const c of cases) {
    const ours = packetsPerSecond(c.ours);
    const baseline = packetsPerSecond(c.baseline);
    line({
      figure: 'decode-throughput',
      device: c.device,
      unit: 'packets/s',
      value: Math.round(ours),
      baseline: Math.round(baseline),
      ratio: +(ours / baseline).toFixed(2),
    });
  }
}

// ---- Muse S Athena beside Muse 2: whole stream decoders, notifications/s and values/s -------------
/**
 * The Athena's stream decoder on real p1041 notifications (vectors A, B, I renumbered into a stream:
 * 8 EEG, 16 optics, IMU and battery blocks) beside the Muse 2 stream decoder on EEG notifications (one
 * channel's 12 samples each, cycling over the four characteristics), in the same run. An Athena
 * notification holds several sensors' blocks, so values/s says more than notifications/s across them.
 */
function museAndAthenaThroughput(): void {
  const p1041 = athenaVectors.filter((v) => /^[ABI]_/.test(v.name)).map((v) => v.hex);
  const athena = athenaStream(p1041, 1000);
  const muse2 = Array.from({ length: 1000 }, (_, i) => {
    const b = museEeg[i]!.slice();
    const seq = Math.floor(i / 4);
    b[0] = seq >> 8;
    b[1] = seq & 255;
    return { source: MUSE_EEG[i % 4]!, bytes: b };
  });
  const cases = [
    {
      device: 'muse2-stream',
      run: () => {
        const d = createMuseDecoder('p21');
        let values = 0;
        for (const n of muse2)
          d.feed(
            n.source,
            n.bytes,
            (p) => (values += p.values.length),
            () => {},
          );
        return { notifications: muse2.length, values };
      },
    },
    {
      device: 'muse-athena-p1041',
      run: () => {
        const d = createAthenaDecoder('p1041');
        let values = 0;
        for (const bytes of athena)
          d.feed(
            ATHENA_DATA_1,
            bytes,
            (p) => (values += p.values.length),
            () => {},
          );
        return { notifications: athena.length, values };
      },
    },
  ];
  for (const c of cases) {
    const once = c.run();
    const notificationsPerSec = packetsPerSecond(() => c.run().notifications);
    line({
      figure: 'stream-decode-throughput',
      device: c.device,
      unit: 'notifications/s',
      value: Math.round(notificationsPerSec),
      valuesPerSec: Math.round((notificationsPerSec * once.values) / once.notifications),
    });
  }
}

// ---- latency: notification -> readable in the ring ---------------------------------------------
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function latency(mode: 'sab' | 'port', samples = 1500): Promise<{ p50: number; p99: number }> {
  // The worker loads this TypeScript file through tsx's loader (workers do not inherit the parent's hooks).
  const entry = `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}); register(); await import(${JSON.stringify(import.meta.url)});`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(entry)}`));
  const width = frameWidth(8);
  let lastStats = '';
  worker.on('message', (m: { type: string }) => {
    if (m.type !== 'started') lastStats = JSON.stringify(m);
  });
  let reader: { availableRead(): number; drain(): Float64Array };
  worker.postMessage({ type: 'start', sessionId: 'bench', setup: { kind: 'cyton' } });
  if (mode === 'sab') {
    const ring = createRingBuffer(4096, width) as SharedArrayBuffer;
    worker.postMessage({ type: 'open-reader', readerId: 'r', streamId: 'eeg', ring });
    reader = new RingReader(ring);
  } else {
    const { port1, port2 } = new MessageChannel();
    worker.postMessage({ type: 'open-reader', readerId: 'r', streamId: 'eeg', port: port2, frameWidth: width }, [port2]);
    reader = new PortRingReader(port1 as unknown as globalThis.MessagePort, width, 4096);
  }
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const packet = cytonStream.slice((i % 1000) * 33, (i % 1000) * 33 + 33);
    const t0 = performance.now();
    // Device-time arrival stamps (one packet per 4 ms) so the timeline sees a steady 250 Hz board;
    // the latency itself is measured on the wall clock.
    worker.postMessage({ type: 'bytes', source: 'serial', bytes: packet.buffer, arrivalMs: i * 4 }, [packet.buffer]);
    const deadline = t0 + 10_000;
    while (reader.availableRead() === 0) {
      if (performance.now() > deadline) throw new Error(`latency (${mode}): packet ${i} never became readable; worker said ${lastStats}`);
      await new Promise((r) => setImmediate(r));
    }
    times.push(performance.now() - t0);
    reader.drain();
  }
  await worker.terminate();
  times.splice(0, 100); // warm-up
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

export async function run(): Promise<void> {
  throughput();
  museAndAthenaThroughput();
  const sab = await latency('sab');
  const port = await latency('port');
  for (const p of ['p50', 'p99'] as const) {
    line({
      figure: `notification-to-ring-latency-${p}`,
      device: 'cyton',
      unit: 'ms',
      value: +sab[p].toFixed(3),
      baseline: +port[p].toFixed(3),
      baselineName: 'MessagePort fallback',
      ratio: +(sab[p] / port[p]).toFixed(2),
    });
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const { AcquisitionController } = await import('../workers/acquisition/acquisition-controller.ts');
  const controller = new AcquisitionController((m) => port.postMessage(m));
  port.on('message', (m) => controller.handle(m as never));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  await run();
}
void (null as unknown as MessagePort);
