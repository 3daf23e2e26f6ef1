// The page half of a companion with a fake transport and a recording bridge (what it posts, what it
// asks): bytes from before the worker knows the companion are held, then sent in order; a drop tells
// the worker about the companion's link only and reconnects by itself; removal closes the transport
// and ends the companion in the worker.
import { expect, test } from 'vitest';
import type { DeviceTransport, TransportSink } from '../devices/transport.ts';
import type { ToWorker } from './acquisition.protocol.ts';
import { connectCompanion, type CompanionBridge } from './companion.main.ts';
import { heartRateStrapDescriptor } from '../devices/heart-rate-strap/descriptor.ts';
import type { CompanionReading } from './companion-device.ts';

function fakeTransport() {
  let sink!: TransportSink;
  const calls: string[] = [];
  const transport: DeviceTransport = {
    detected: { deviceName: 'Polar H10 1A2B3C4D' },
    async open(s) {
      sink = s;
      calls.push('open');
      sink.bytes('2a37', Uint8Array.of(0x16, 60, 0, 4).buffer, 1000); // arrives while connecting
    },
    async reopen() {
      calls.push('reopen');
    },
    async send() {},
    async close() {
      calls.push('close');
    },
  };
  return { transport, calls, sink: () => sink };
}

function fakeBridge() {
  const posted: ToWorker[] = [];
  const asked: string[] = [];
  let onReading: (r: CompanionReading) => void = () => {};
  const bridge: CompanionBridge = {
    post: (m) => posted.push(m),
    async request<T>(m: { type: string }) {
      asked.push(m.type);
      return (m.type === 'companion-start' ? heartRateStrapDescriptor() : undefined) as T;
    },
    listen(reading) {
      onReading = reading;
      return () => (onReading = () => {});
    },
  };
  return { bridge, posted, asked, reading: (r: CompanionReading) => onReading(r) };
}

test('a strap companion: held bytes forwarded after it starts, a drop reconnects on its own link, removal ends it', async () => {
  const { transport, calls, sink } = fakeTransport();
  const { bridge, posted, asked, reading } = fakeBridge();
  let removed = 0;
  const strap = await connectCompanion(bridge, 'heart-rate-strap', { transport, reconnect: { initialDelayMs: 1, maxAttempts: 3 } }, () => removed++);
  expect(strap.name).toBe('Polar H10 1A2B3C4D');
  expect(strap.streams.map((s) => s.id)).toEqual(['hr', 'rr']);
  expect(asked).toEqual(['companion-start']);
  expect(posted.map((m) => m.type)).toEqual(['companion-bytes', 'companion-link-state']);
  expect(strap.state()).toBe('streaming');

  const seen: number[] = [];
  strap.onReading((r) => seen.push(r.values[0]!));
  reading({ streamId: 'hr', sample: 0, hostTimeMs: 1000, values: [60] });
  expect(seen).toEqual([60]);

  const states: string[] = [];
  strap.onState((s) => states.push(s));
  sink().dropped('the strap disconnected');
  await new Promise((r) => setTimeout(r, 30));
  expect(states).toEqual(['reconnecting', 'streaming']);
  expect(calls).toEqual(['open', 'reopen']);
  expect(posted.filter((m) => m.type === 'companion-link-state').map((m) => m.type === 'companion-link-state' && m.state)).toEqual([
    'streaming',
    'reconnecting',
    'streaming',
  ]);

  await strap.remove();
  expect(calls.at(-1)).toBe('close');
  expect(asked).toEqual(['companion-start', 'companion-stop']);
  expect(strap.state()).toBe('stopped');
  expect(removed).toBe(1);
  reading({ streamId: 'hr', sample: 1, hostTimeMs: 2000, values: [61] });
  expect(seen).toEqual([60]); // nothing after removal
});

test('a kind that cannot be a companion is refused before any chooser opens', async () => {
  const { bridge } = fakeBridge();
  await expect(connectCompanion(bridge, 'muse', {}, () => {})).rejects.toThrow('a muse cannot join a headset; companions: heart-rate-strap');
});
