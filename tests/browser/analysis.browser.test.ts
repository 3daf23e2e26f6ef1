// The ALBI reference checks again, in headless Chromium, through the real analysis worker: a small
// fixture page (tests/browser/fixtures/analysis-page, built here with vite's build API) reads each
// shared recording with the real formats reader and calls the main-thread bridge, which runs
// albi.wasm inside the module worker. Served with the app's COOP/COEP and CSP headers.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, repoRoot, type LaunchedBrowser } from './harness.ts';
import { appContentSecurityPolicy, serveFixturePage, type FixtureServer } from './fixture-server.ts';
import { eegDir, listReferenceFiles, loadReference, maxRelErr, relErr, relRms } from '../../dsp-wasm/tests/support/reference.ts';

let fixture: FixtureServer;
let browser: LaunchedBrowser;
let page: Page;

type Check = Record<string, (...args: never[]) => Promise<unknown>>;
const callPage = <T>(method: string, ...args: unknown[]): Promise<T> =>
  page.evaluate(([m, a]) => (window as unknown as { albiCheck: Check }).albiCheck[m as string]!(...(a as never[])), [
    method,
    args,
  ] as const) as Promise<T>;

beforeAll(async () => {
  if (!existsSync(path.join(repoRoot, 'dsp-wasm/build/albi.wasm'))) throw new Error('dsp-wasm/build/albi.wasm is missing: run `npm run build` first');
  // The fixture page fetches the shared recordings from /eeg/<file>, under the app's CSP.
  fixture = await serveFixturePage('analysis-page', {
    mounts: { '/eeg/': eegDir },
    headers: { 'content-security-policy': appContentSecurityPolicy },
  });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(fixture.url);
  await page
    .waitForFunction(() => document.getElementById('status')?.textContent === 'ready', undefined, { timeout: 30_000 })
    .catch((e) => {
      throw new Error(`fixture page did not start: ${errors.join('\n')} ${e}`);
    });
});

afterAll(async () => {
  await browser?.close();
  await fixture?.close();
});

describe('ALBI in the analysis worker (headless Chromium)', () => {
  it('runs the kernels inside a worker, not on the page', async () => {
    const where = await callPage<{ inWorker: boolean; pageIsWindow: boolean; wasmResources: string[] }>('describe');
    expect(where.inWorker).toBe(true);
    expect(where.pageIsWindow).toBe(true);
    // albi.wasm was fetched by the worker, and the page itself never loaded it
    expect(where.wasmResources.some((n) => /albi[^/]*\.wasm$/.test(n))).toBe(true);
    const onPage = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((n) => n.endsWith('.wasm')),
    );
    expect(onPage).toEqual([]);
  });

  for (const name of listReferenceFiles()) {
    it(`${name}: statistics, band powers, peak alpha and channel-0 PSD match the reference`, async () => {
      const ref = loadReference(name);
      type Got = {
        channels: Record<
          string,
          { statistics: Record<string, number>; bands?: { absolute: Record<string, number>; relative: Record<string, number> }; peakAlphaHz?: number }
        >;
        skipped: string | null;
        psd: { f: number[]; psd: number[] } | null;
      };
      const got = await callPage<Got>(
        'analyze',
        name,
        ref.channels.map((c) => c.name),
        ref.fs_hz,
      );
      expect(Object.keys(got.channels)).toEqual(ref.channels.map((c) => c.name));
      for (const rc of ref.channels) {
        const ch = got.channels[rc.name]!;
        for (const key of ['mean', 'std', 'min', 'max'] as const)
          expect(relErr(ch.statistics[key]!, rc[key]), `${rc.name} ${key}`).toBeLessThan(1e-9);
        if (!rc.abs_band_power) continue;
        for (const band of Object.keys(rc.abs_band_power)) {
          expect(relErr(ch.bands!.absolute[band]!, rc.abs_band_power[band]!), `${rc.name} ${band}`).toBeLessThan(1e-7);
          expect(relErr(ch.bands!.relative[band]!, rc.rel_band_power![band]!), `${rc.name} rel ${band}`).toBeLessThan(1e-7);
        }
        expect(ch.peakAlphaHz).toBe(rc.peak_alpha_hz);
      }
      if (ref.psd_channel_index0) expect(maxRelErr(got.psd!.psd, ref.psd_channel_index0.psd)).toBeLessThan(1e-7);
      else expect(got.skipped).toMatch(/Nyquist/);
    });
  }

  it('S001R01 filter reference: sos and sosfiltfilt output', async () => {
    const info = JSON.parse(readFileSync(path.join(eegDir, 'S001R01.edf.filtered_ch1.json'), 'utf8')) as {
      sos: number[][];
      output_first_2000: number[];
      fs_hz: number;
    };
    const got = await callPage<{ sos: number[]; y: number[] }>('filter', 'S001R01.edf', 'Fc5.', info.fs_hz);
    expect(maxRelErr(got.sos, info.sos.flat())).toBeLessThan(1e-9);
    expect(got.y.length).toBe(9760);
    expect(relRms(got.y.slice(0, 2000), info.output_first_2000)).toBeLessThan(1e-7);
  });

  it('bad input comes back as a DspError naming the argument, and the worker carries on', async () => {
    const e = await callPage<{ isDspError: boolean; code: number; argument: string; message: string }>('badInput');
    expect(e).toMatchObject({ isDspError: true, code: -4, argument: 'signal' });
    expect(e.message).toMatch(/signal\[2\] is NaN/);
    const again = await callPage<{ mean: number; started: number }>('restartAfterTerminate');
    expect(again).toEqual({ mean: 2.5, started: 1 });
  });
});
