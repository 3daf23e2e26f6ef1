// A schedule played during a recording marks each of its steps on the recording, at the EEG sample
// taken when the step is heard (the audio clock, output latency included), whichever screen is shown.
import { expect, test } from 'vitest';
import { useServerAndBrowser } from './harness.ts';
import { connectSyntheticToLive, readSessions, startRecordingOnLive } from './studio-helpers.ts';

const RATE = 250;
const SCHEDULE = `a: 200+10/40
b: 200+8/40
c: 200+6/40
NOW a
+00:00:03 b
+00:00:06 c`;
const app = useServerAndBrowser();

test('each step of a schedule played while recording becomes a marker on its sample', async () => {
  const page = await app.browser.context.newPage();
  await connectSyntheticToLive(page, app.server.url);
  await startRecordingOnLive(page);
  await page.getByRole('link', { name: 'Listen', exact: true }).click();
  await page.fill('#sbg-text', SCHEDULE);
  await page.click('[data-testid="sbg-preview"]');
  await page.locator('[data-testid="sbg-timeline"] tbody tr').nth(2).waitFor();
  await page.evaluate(() => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Play schedule')!;
    button.addEventListener('click', (e) => ((globalThis as unknown as { __playedAt: number }).__playedAt = performance.timeOrigin + e.timeStamp));
  });
  await page.getByRole('button', { name: 'Play schedule' }).click();
  // Context frames the worklet was not called for (the audio thread starved on a loaded machine): the
  // program pauses with it, so its later steps are heard that much later (frames now - frames rendered).
  const skippedSec = () =>
    page.evaluate(() => {
      const audio = (globalThis as unknown as { clisonixAudio: { statsNow(): { frame: number; quanta: number } | null; sampleRate(): number } })
        .clisonixAudio;
      const stats = audio.statsNow();
      return stats ? (stats.frame - stats.quanta * 128) / audio.sampleRate() : Number.NaN;
    });
  await expect.poll(skippedSec).not.toBeNaN();
  const skippedAtStart = await skippedSec();
  await page.waitForTimeout(7500);
  const skipped = (await skippedSec()) - skippedAtStart;
  const playedAtMs = await page.evaluate(() => (globalThis as unknown as { __playedAt: number }).__playedAt);
  await page.getByRole('link', { name: 'Live', exact: true }).click();
  await page.click('[data-testid="record-button"]');
  await page.waitForSelector('[data-testid="recording-badge"]', { state: 'detached', timeout: 30_000 });
  const [session] = (await readSessions(page)).sort((a, b) => b.startedAtMs - a.startedAtMs);
  const markers = (session.markers as unknown as Array<{ text: string; source: string; sample: number; streamId: string }>).filter(
    (m) => m.source === 'schedule',
  );
  expect(markers.map((m) => m.text)).toEqual([
    expect.stringMatching(/^Schedule: a \(.*200.*10/),
    expect.stringMatching(/^Schedule: b \(.*200.*8/),
    expect.stringMatching(/^Schedule: c \(.*200.*6/),
  ]);
  for (const m of markers) expect(m.streamId).toBe('eeg');
  // Steps are 3 s apart in the program, so on the EEG timeline too (within 5 samples of clock jitter at
  // 250 Hz), later by the audio the worklet skipped meanwhile, if any.
  const seconds = markers.map((m) => m.sample / RATE);
  expect(skipped).toBeGreaterThanOrEqual(0);
  expect(skipped).toBeLessThan(0.2);
  for (const spacing of [seconds[1] - seconds[0], seconds[2] - seconds[1]]) {
    expect(spacing).toBeGreaterThanOrEqual(3 - 0.02 - 1e-9);
    expect(spacing).toBeLessThanOrEqual(3 + 0.02 + skipped + 1e-9);
  }
  // The first step is heard after the click that started it, within the audio start-up and output latency.
  const firstHeardMs = session.startedAtMs + seconds[0] * 1000;
  expect(firstHeardMs).toBeGreaterThan(playedAtMs);
  expect(firstHeardMs - playedAtMs).toBeLessThan(1000);
  await page.close();
}, 90_000);
