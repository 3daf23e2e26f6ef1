// The Live plots can be read at 16 channels: the value under the pointer is the synthetic headset's
// own sample (its model recomputed here from the same seed) and sits on the drawn trace; each lane's
// scale bar is as tall as its stated µV; the spectrogram's Hz labels sit on the bins the analysis
// worker reports and its 50 Hz mains line is drawn at the 50 Hz label; the spectrum has a legend of
// 16 colours; the head view's 16 electrodes and labels do not overlap as rendered; a marker is drawn
// on the sample it was added at and a link drop as a shaded gap of its length. Screenshot: live-16-channels.
//
// What the live-view worker posts is watched on the wire (as studio-live-view does): the frequencies
// of its analysis frames.
import { expect, test } from 'vitest';
import { useServerAndBrowser } from './harness.ts';
import { connectSyntheticToLive, shoot, startRecordingOnLive } from './studio-helpers.ts';
import { EegModel } from '../../workers/devices/synthetic/eeg-model.ts';
import { syntheticLabels } from '../../workers/devices/synthetic/descriptor.ts';
import { channelColour } from '../../web/src/features/live/colours.ts';

const RATE = 250;
const CHANNELS = 16;
/** The seed connect-device.ts gives the synthetic headset. */
const SEED = 7;
const app = useServerAndBrowser();

const rgbOf = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));

test('Live at 16 channels: scales, pointer values, spectrogram axes, legend, head view, markers and gaps', async () => {
  const page = await app.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.addInitScript(() => {
    const NativeWorker = globalThis.Worker;
    globalThis.Worker = class extends NativeWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (options?.name !== 'clisonix-live-view') return;
        this.addEventListener('message', (event: MessageEvent) => {
          if (event.data.type === 'frame') (globalThis as unknown as { __freqsHz: number[] }).__freqsHz = Array.from(event.data.frame.freqsHz);
        });
      }
    };
  });
  await connectSyntheticToLive(page, app.server.url, { channels: CHANNELS });
  const labels = syntheticLabels(CHANNELS);

  // Raw signal on the time series too, so the pointer's value can be checked against the model.
  await page.getByLabel('Band-pass', { exact: true }).uncheck();
  expect(await page.getByTestId('ts-caption').textContent()).toBe('Filtered for display: notch 50 Hz; recorded unfiltered');
  await page.getByLabel('Notch 50 Hz', { exact: true }).uncheck();
  expect(await page.getByTestId('ts-caption').textContent()).toBe('Unfiltered (raw signal); recorded unfiltered');
  await page.getByLabel('Notch 50 Hz', { exact: true }).check();
  // The analysis plots say they show the unfiltered signal while Notch is ticked.
  await page.waitForSelector('[data-testid="spectrum"] canvas', { timeout: 15_000 });
  expect(await page.getByTestId('spectrum-caption').textContent()).toMatch(/^Unfiltered signal: .* Notch 50 Hz filters only the Signals plot\.$/);
  await page.getByLabel('Notch 50 Hz', { exact: true }).uncheck();
  const rawFrom = Date.now();

  // Spectrum legend: the 16 channel names, each with its own colour, the same as its lane's swatch.
  const legend = await page.$$eval('[data-testid="spectrum-legend"] button', (items) =>
    items.map((b) => ({ name: b.textContent?.trim(), colour: b.querySelector('line')!.getAttribute('stroke') })),
  );
  expect(legend.map((l) => l.name)).toEqual(labels);
  expect(new Set(legend.map((l) => l.colour)).size).toBe(CHANNELS);
  const swatches = await page.$$eval('.ts-swatch', (s) => s.map((e) => getComputedStyle(e).backgroundColor));
  expect(swatches.map((c) => c.match(/\d+/g)!.slice(0, 3).map(Number))).toEqual(legend.map((l) => rgbOf(l.colour!)));

  // Head view as rendered: no two electrode circles or labels overlap; each label fits its circle.
  const head = await page.$$eval('[data-testid="head-quality"] g[data-electrode]', (groups) =>
    groups.map((g) => {
      const c = g.querySelector('circle')!.getBoundingClientRect();
      const t = g.querySelector('text')!.getBoundingClientRect();
      return { label: g.getAttribute('data-electrode')!, c: [c.x, c.y, c.width], t: [t.left, t.top, t.right, t.bottom] };
    }),
  );
  expect(head.map((h) => h.label).sort()).toEqual([...labels].sort());
  for (const [i, a] of head.entries()) {
    expect(a.t[0], a.label).toBeGreaterThanOrEqual(a.c[0]);
    expect(a.t[2], a.label).toBeLessThanOrEqual(a.c[0] + a.c[2]);
    for (const b of head.slice(i + 1)) {
      const d = Math.hypot(a.c[0] + a.c[2] / 2 - b.c[0] - b.c[2] / 2, a.c[1] + a.c[2] / 2 - b.c[1] - b.c[2] / 2);
      expect(d, `${a.label}/${b.label}`).toBeGreaterThan((a.c[2] + b.c[2]) / 2);
      const apart = a.t[2] <= b.t[0] || b.t[2] <= a.t[0] || a.t[3] <= b.t[1] || b.t[3] <= a.t[1];
      expect(apart, `${a.label}/${b.label} labels`).toBe(true);
    }
  }

  // Spectrogram: wait for a few columns, then check its axes against the analysis' frequencies.
  await page.waitForSelector('.sg-time [data-sec="0"]');
  await page.waitForTimeout(1500);
  const sg = await page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="spectrogram"]')!;
    const rect = canvas.getBoundingClientRect();
    const ticks = [...document.querySelectorAll<HTMLElement>('.sg-freq .sg-tick')].map((t) => {
      const r = t.getBoundingClientRect();
      return { hz: Number(t.dataset.hz), row: ((r.top + r.height / 2 - rect.top) / rect.height) * canvas.height };
    });
    const pixels = canvas.getContext('2d')!.getImageData(canvas.width - 2, 0, 1, canvas.height).data;
    const brightness = Array.from({ length: canvas.height }, (_, y) => pixels[4 * y] + pixels[4 * y + 1]);
    return {
      ticks,
      rows: canvas.height,
      brightness,
      freqsHz: (globalThis as unknown as { __freqsHz: number[] }).__freqsHz,
      dbTicks: [...document.querySelectorAll<HTMLElement>('.sg-bar .sg-tick')].map((t) => Number(t.dataset.db)),
      caption: document.querySelector('[data-testid="spectrogram-caption"]')!.textContent,
    };
  });
  const df = sg.freqsHz[1] - sg.freqsHz[0];
  expect(df).toBeCloseTo(RATE / 512, 9); // 2 s Welch segments at 250 Hz
  const bins = sg.freqsHz.filter((f) => f <= 60).length;
  expect(sg.ticks.map((t) => t.hz)).toEqual([0, 10, 20, 30, 40, 50, 60]);
  for (const t of sg.ticks) {
    // The rows that draw the bin nearest the label's frequency hold the label (±1 row).
    const k = sg.freqsHz.reduce((best, f, i) => (Math.abs(f - t.hz) < Math.abs(sg.freqsHz[best] - t.hz) ? i : best), 0);
    expect(t.row, `${t.hz} Hz`).toBeGreaterThanOrEqual(sg.rows - ((k + 1) * sg.rows) / bins - 1);
    expect(t.row, `${t.hz} Hz`).toBeLessThanOrEqual(sg.rows - (k * sg.rows) / bins + 1);
  }
  // The synthetic headset's 50 Hz mains (unfiltered analysis) is the brightest row between 40 and 60 Hz, at the 50 Hz label.
  const rowAt = (hz: number) => sg.ticks.find((t) => t.hz === hz)!.row;
  let peak = Math.ceil(rowAt(60)) + 2;
  for (let y = peak; y < rowAt(40) - 2; y++) if (sg.brightness[y] > sg.brightness[peak]) peak = y;
  expect(Math.abs(peak - rowAt(50))).toBeLessThanOrEqual(Math.max(2, (1.5 * sg.rows) / bins));
  expect(sg.dbTicks.length).toBeGreaterThanOrEqual(2);
  expect(sg.caption).toMatch(/Colour: dB re 1 µV²\/Hz/);

  // Pointer on lane AF7 once the whole 5 s window is raw: the readout is the model's sample there.
  await page.waitForTimeout(Math.max(0, 5600 - (Date.now() - rawFrom)));
  const lane = labels.indexOf('AF7');
  const plot = await page.locator('.ts-plot .u-over').boundingBox();
  await page.mouse.move(plot!.x + plot!.width * 0.6, plot!.y + (plot!.height * (lane + 0.5)) / CHANNELS);
  await page.waitForTimeout(200);
  const read = await page.evaluate((laneIndex) => {
    const out = document.querySelector<HTMLElement>('[data-testid="ts-readout"]')!;
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="ts-traces"]')!;
    const column = Number(out.dataset.column);
    const px = canvas.getContext('2d')!.getImageData(column, 0, 1, canvas.height).data;
    const bar = canvas.getContext('2d')!.getImageData(2, 0, 1, canvas.height).data;
    const scale = document.querySelectorAll<HTMLElement>('[data-testid="ts-scale"]')[laneIndex];
    return {
      text: out.textContent,
      sample: Number(out.dataset.sample),
      value: Number(out.dataset.value),
      lo: Number(out.dataset.lo),
      hi: Number(out.dataset.hi),
      end: Number(document.querySelector<HTMLElement>('.ts-plot')!.dataset.endSample),
      column: Array.from({ length: canvas.height }, (_, y) => [px[4 * y], px[4 * y + 1], px[4 * y + 2], px[4 * y + 3]]),
      bar: Array.from({ length: canvas.height }, (_, y) => [bar[4 * y], bar[4 * y + 1], bar[4 * y + 2], bar[4 * y + 3]]),
      height: canvas.height,
      scaleText: scale.textContent,
      scaleValue: Number(scale.dataset.value),
      muted: getComputedStyle(document.documentElement).getPropertyValue('--muted').trim(),
    };
  }, lane);
  const model = new EegModel({ labels, sampleRateHz: RATE, seed: SEED });
  const frames = new Float64Array((read.sample + 1) * CHANNELS);
  model.generate(read.sample + 1, frames);
  const expected = Math.fround(frames[read.sample * CHANNELS + lane]);
  expect(read.value).toBeCloseTo(expected, 4);
  const timeSec = (read.sample - read.end + 1) / RATE;
  expect(read.text).toBe(`AF7 at ${timeSec.toFixed(3)} s: ${expected.toFixed(1)} µV`);
  expect(timeSec).toBeGreaterThan(-5 * 0.6 - 0.3);
  expect(timeSec).toBeLessThan(-5 * 0.4 + 0.3);
  // The value's row in the lane is on the drawn trace (the lane's colour there, ±1 row).
  const top = Math.floor((lane * read.height) / CHANNELS);
  const rows = Math.floor(((lane + 1) * read.height) / CHANNELS) - 1 - top;
  const row = Math.round(top + ((read.hi - read.value) / (read.hi - read.lo)) * rows);
  const colour = rgbOf(channelColour(lane));
  const onTrace = [row - 1, row, row + 1].some((r) => read.column[r].slice(0, 3).every((v, i) => v === colour[i]));
  expect(onTrace).toBe(true);
  // The scale bar: a 1-2-5 amount at most half the lane, as tall as it says in the lane's scale.
  expect(read.scaleText).toBe(`scale bar ${read.scaleValue} µV`);
  expect([1, 2, 5]).toContain(read.scaleValue / 10 ** Math.floor(Math.log10(read.scaleValue)));
  expect(read.scaleValue).toBeLessThanOrEqual((read.hi - read.lo) / 2);
  expect(read.scaleValue * 2.5).toBeGreaterThan((read.hi - read.lo) / 2);
  const muted = rgbOf(read.muted);
  const barRows = read.bar.slice(top, top + rows + 1).filter((p) => p.slice(0, 3).every((v, i) => v === muted[i])).length;
  expect(Math.abs(barRows - 1 - (read.scaleValue / (read.hi - read.lo)) * rows)).toBeLessThanOrEqual(1);

  // The keyboard moves the same cursor (first press: the newest column of the first channel) and
  // each move is announced to screen readers.
  await page.mouse.move(0, 0);
  await page.getByTestId('ts-plot').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+ArrowLeft');
  await page.waitForTimeout(200);
  const keyed = await page.evaluate(() => {
    const out = document.querySelector<HTMLElement>('[data-testid="ts-readout"]')!;
    const width = document.querySelector<HTMLCanvasElement>('[data-testid="ts-traces"]')!.width;
    return { lane: Number(out.dataset.lane), column: Number(out.dataset.column), width, text: out.textContent };
  });
  expect(keyed.lane).toBe(lane);
  expect(keyed.column).toBe(keyed.width - 1 - 10 * Math.max(1, Math.round(keyed.width / 100)));
  expect(keyed.text).toMatch(/^AF7 at -\d\.\d{3} s: -?\d+\.\d µV$/);
  expect(await page.getByTestId('announce-polite').textContent()).toMatch(/^AF7 at -\d\.\d\d s: -?\d+\.\d µV$/);
  await page.keyboard.press('Escape');

  // A marker added while recording is drawn on the sample it was added at, with its text.
  await startRecordingOnLive(page);
  // The newest sample drawn at the moment of the click (read in the click's own task).
  await page.evaluate(() =>
    document
      .querySelector('[data-testid="marker-button"]')!
      .addEventListener(
        'click',
        () =>
          ((globalThis as unknown as { __endAtClick: number }).__endAtClick = Number(
            document.querySelector<HTMLElement>('.ts-plot')!.dataset.endSample,
          )),
        { capture: true, once: true },
      ),
  );
  await page.click('[data-testid="marker-button"]');
  const endAtClick = await page.evaluate(() => (globalThis as unknown as { __endAtClick: number }).__endAtClick);
  const marker = page.getByTestId('ts-marker');
  await marker.waitFor();
  expect(await marker.textContent()).toBe('Marker 1');
  const markerSample = Number(await marker.getAttribute('data-sample'));
  // At or after the newest sample drawn then, by at most the display's lag (well under 1 s; the
  // recording's own sample numbers start at 0, thousands of samples from the stream's).
  expect(markerSample).toBeGreaterThanOrEqual(endAtClick - 2);
  expect(markerSample).toBeLessThanOrEqual(endAtClick + RATE);
  const markerLine = await page.evaluate(() => {
    const m = document.querySelector<HTMLElement>('[data-testid="ts-marker"]')!;
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="ts-traces"]')!;
    const end = Number(document.querySelector<HTMLElement>('.ts-plot')!.dataset.endSample);
    const px = canvas.getContext('2d')!.getImageData(Number(m.dataset.column), 0, 1, canvas.height).data;
    const text = getComputedStyle(document.documentElement).getPropertyValue('--text').trim();
    const rgb = [1, 3, 5].map((i) => Number.parseInt(text.slice(i, i + 2), 16));
    let dashed = 0;
    for (let y = 0; y < canvas.height; y++) if (rgb.every((v, i) => px[4 * y + i] === v)) dashed++;
    return { dashed, height: canvas.height, column: Number(m.dataset.column), sample: Number(m.dataset.sample), end, width: canvas.width };
  });
  // Its column is the one its sample is drawn in, and its dashed line (4 on, 3 off) runs down the plot.
  const n = 5 * RATE;
  expect(markerLine.column).toBe(Math.ceil(((markerLine.sample - (markerLine.end - n) + 1) * markerLine.width) / n) - 1);
  expect(markerLine.dashed).toBeGreaterThanOrEqual(Math.floor((markerLine.height * 4) / 7) - 1);

  // A 2 s link drop shows as a shaded gap of its length (also when it happened on another screen).
  await page.getByRole('link', { name: 'Connect', exact: true }).click();
  await page.click('[data-testid="simulate-drop"]');
  await page.waitForSelector('[data-testid="connection-badge"]:has-text("Streaming")', { timeout: 15_000 });
  await page.getByRole('link', { name: 'Live', exact: true }).click();
  const gap = page.getByTestId('ts-gap');
  await gap.waitFor({ timeout: 5000 });
  expect(Math.abs(Number(await gap.getAttribute('data-length')) - 2 * RATE)).toBeLessThan(0.4 * RATE);
  expect(await gap.textContent()).toMatch(/^gap (1\.[6-9]|2\.[0-4]) s$/);
  // Its columns are shaded in the traces' pixels: the muted colour at 30 % over the whole height (±3: premultiplied storage).
  const shade = await page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="ts-traces"]')!;
    const g = document.querySelector<HTMLElement>('[data-testid="ts-gap"]')!;
    const box = g.getBoundingClientRect();
    const rect = canvas.getBoundingClientRect();
    const column = Math.floor(((box.left + box.width / 2 - rect.left) / rect.width) * canvas.width);
    const px = canvas.getContext('2d')!.getImageData(column, 0, 1, canvas.height).data;
    const muted = getComputedStyle(document.documentElement).getPropertyValue('--muted').trim();
    const rgb = [1, 3, 5].map((i) => Number.parseInt(muted.slice(i, i + 2), 16));
    let shaded = 0;
    for (let y = 0; y < canvas.height; y++) if (px[4 * y + 3] === 77 && rgb.every((v, i) => Math.abs(px[4 * y + i] - v) <= 3)) shaded++;
    return shaded / canvas.height;
  });
  expect(shade).toBeGreaterThan(0.95);
  // Back on Live the recording's markers go on counting: the next one is Marker 2, drawn too.
  await page.click('[data-testid="marker-button"]');
  await page.locator('[data-testid="ts-marker"]', { hasText: 'Marker 2' }).waitFor();
  expect(await page.getByTestId('rec-saved').textContent()).toMatch(/ · 2 markers$/);
  await page.mouse.move(plot!.x + plot!.width * 0.9, plot!.y + (plot!.height * 4.5) / CHANNELS);
  await page.waitForTimeout(300);
  await shoot(page, 'live-16-channels');
  await page.close();
}, 60_000);
