/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';
import { precompress } from './tools/vite-precompress.ts';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

/** Browser tests that mostly wait, run beside the others (see tools/run-browser-tests.mjs). */
const BACKGROUND_BROWSER_TESTS = ['tests/browser/studio-hidden-tab.browser.test.ts'];

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
    // Browser tests (*.browser.test.ts) drive a real headless Chromium against a started server;
    // they run one file at a time so that two Chromiums do not fight over the machine's 2 cores. The
    // one file that mostly waits (a tab hidden for 3 minutes) is its own project, which
    // tools/run-browser-tests.mjs runs beside the others.
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
          exclude: ['**/node_modules/**', ...BACKGROUND_BROWSER_TESTS],
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
