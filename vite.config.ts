/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';
import { precompress } from './tools/vite-precompress.ts';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

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
    // they run one file at a time so that two Chromiums do not fight over the machine's 2 cores.
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
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
