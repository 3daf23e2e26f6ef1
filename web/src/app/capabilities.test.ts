import { expect, test } from 'vitest';
import { describeCapabilities, detectCapabilities } from './capabilities.ts';

test('a Firefox-like scope has no Web Bluetooth and the note offers import, playback and synthesis', () => {
  const caps = detectCapabilities({ navigator: {}, WebAssembly, indexedDB: {}, crossOriginIsolated: false });
  expect(caps.webBluetooth).toBe(false);
  expect(caps.webSerial).toBe(false);
  const row = describeCapabilities(caps).find((r) => r.key === 'webBluetooth')!;
  expect(row.ok).toBe(false);
  expect(row.missingNote).toMatch(/import a file, play back a session or use the synthetic headset/);
});

test('SIMD is detected by validating a real v128 module (Node 20 supports SIMD)', () => {
  expect(detectCapabilities({ navigator: {}, WebAssembly }).wasmSimd).toBe(true);
  const noSimd = { validate: () => false };
  expect(detectCapabilities({ navigator: {}, WebAssembly: noSimd }).wasmSimd).toBe(false);
});

test('a Chromium-like scope with bluetooth and serial is recognised', () => {
  const nav = { bluetooth: { requestDevice() {} }, serial: { requestPort() {} }, serviceWorker: {}, storage: { estimate() {} } };
  const caps = detectCapabilities({ navigator: nav, WebAssembly, AudioWorkletNode: () => {}, crossOriginIsolated: true, indexedDB: {} });
  expect(caps).toMatchObject({
    webBluetooth: true,
    webSerial: true,
    audioWorklet: true,
    crossOriginIsolated: true,
    serviceWorker: true,
    storageManager: true,
  });
});
