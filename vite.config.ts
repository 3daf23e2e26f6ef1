/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';
import { precompress } from './tools/vite-precompress.ts';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

/** Browser tests that mostly wait, run beside the others (see tools/run-browser-tests.mjs). */
const BACKGROUND_BROWSER_TESTS = ['tests/browser/studio-hidden-tab.browser.test.ts'];
/**
 * Browser tests of audio and timing (the worklet, the loop, latency, sample loss under load): their own
 * lane, one file after another, beside the lane of the screens' other tests. Two lanes halve the
 * suite's minutes; each of these files checks its timing against the clock it measures, not against a
 * fixed allowance, so a neighbour's load slows them without failing them.
 */
const TIMING_BROWSER_TESTS = [
  'tests/browser/jona-worklet.browser.test.ts',
  'tests/browser/studio-listen.browser.test.ts',
  'tests/browser/studio-loop-audio.browser.test.ts',
  'tests/browser/studio-nf-latency.browser.test.ts',
  'tests/browser/studio-schedule-markers.browser.test.ts',
  'tests/browser/studio-busy-page.browser.test.ts',
  'tests/browser/studio-crash.browser.test.ts',
  'tests/browser/studio-loss.browser.test.ts',
  'tests/browser/studio-journey.browser.test.ts',
];

export default defineConfig({
  root: 'web',
  publicDir: '../public',
  plugins: [
    solid(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: '../workers/sw',
      filename: 'sw.ts',
      injectRegister: false,
      manifest: false,
      injectManifest: { globPatterns: ['**/*.{js,css,html,wasm,png,svg,webmanifest}'] },
    }),
    precompress(),
  ],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    // Small .wasm files would otherwise be inlined as base64 data URLs and never precached.
    assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
  },
  worker: { format: 'es' },
  test: {
    root: repoRoot,
    environment: 'node',
    // Browser tests (*.browser.test.ts) drive a real headless Chromium against a started server. Each
    // project runs its files one at a time; tools/run-browser-tests.mjs runs the three projects at
    // once: the screens ('browser'), audio and timing ('browser-timing') and the file that mostly
    // waits, a tab hidden for 3 minutes ('browser-background').
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{api,workers,dsp-wasm,web,tests}/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**', '**/*.browser.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['{api,workers,dsp-wasm,web,tests}/**/*.browser.test.ts'],
          exclude: ['**/node_modules/**', ...BACKGROUND_BROWSER_TESTS, ...TIMING_BROWSER_TESTS],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser-timing',
          include: TIMING_BROWSER_TESTS,
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser-background',
          include: BACKGROUND_BROWSER_TESTS,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
