// Listen screen in headless Chromium (a real AudioContext runs headless with no device): a preset
// plays through the JONA worklet, voices change live, an SBaGen schedule previews its timeline, a
// WAV renders with progress to a valid RIFF file, and in training a feedback mapping makes the beat
// follow the synthetic headset's alpha within its limits and rate while an SBaGen '#@' step waits for it.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { useServerAndBrowser } from './harness.ts';
import { connectSyntheticToLive, shoot } from './studio-helpers.ts';
import { seriousViolations } from './axe.ts';

const app = useServerAndBrowser();

test('play a preset, change a voice, preview an SBaGen schedule, render a WAV', async () => {
  const page = await app.browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${app.server.url}/listen`);
  await page.waitForSelector('#listen-title');
  await page.fill('#minutes', '1');
  await page.dispatchEvent('#minutes', 'change');
  await page.click('[data-testid="play-preset"]');
  await page.waitForSelector('[data-testid="now-playing"]');
  // The worklet is processing audio quanta (stats come from the worklet itself).
  await page.waitForSelector('[data-testid="audio-stats"]', { timeout: 15_000 });
  // (Whether it starts without an underrun is the third test's, measured on the quanta themselves: here a
  // concurrent browser test on the 2-core CI machine can cost one.)
  expect(await page.locator('[data-testid="audio-stats"]').textContent()).toMatch(/Audio load \d+ % of budget · [01] underruns/);
  await page.locator('#voice-0').fill('0.2');
  expect(await page.locator('label[for="voice-0"]').textContent()).toMatch(/20 %/);
  await page.click('[data-testid="sbg-preview"]');
  const rows = page.locator('[data-testid="sbg-timeline"] tbody tr');
  await rows.first().waitFor();
  expect(await rows.count()).toBe(3);
  expect(await rows.nth(1).textContent()).toMatch(/5:00.*slow/);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  // Render the 1-minute preset (48 kHz, 16-bit stereo) in the render worker.
  await page.click('[data-testid="render-wav"]');
  const link = page.getByRole('link', { name: 'Download WAV' });
  await link.waitFor({ timeout: 60_000 });
  expect(await page.locator('[data-testid="render-state"] progress').getAttribute('value')).toBe('1');
  const download = page.waitForEvent('download');
  await link.click();
  const wav = readFileSync((await (await download).path())!);
  expect(wav.subarray(0, 4).toString('ascii')).toBe('RIFF');
  expect(wav.subarray(8, 12).toString('ascii')).toBe('WAVE');
  expect(wav.readUInt32LE(24)).toBe(48000);
  // 60 s x 48000 frames x 2 channels x 2 bytes of data after the 44-byte header.
  expect(wav.length).toBe(44 + 60 * 48000 * 4);
  await shoot(page, 'screen-listen-playing');
  expect(errors).toEqual([]);
}, 120_000);

test('"Now playing" describes what the worklet plays: not the preset being edited, and a schedule by its step', async () => {
  const page = await app.browser.context.newPage();
  await page.goto(`${app.server.url}/listen`);
  await page.waitForSelector('#listen-title');
  await page.click('[data-testid="play-preset"]');
  await page.waitForSelector('[data-testid="now-playing"]');
  const voices = () => page.locator('[data-testid="now-playing-voice"]').allTextContents();
  expect(await page.locator('[data-testid="now-playing"]').textContent()).toBe('relax 10 Hz');
  expect(await voices()).toEqual([
    expect.stringMatching(/^Voice 1: binaural 200 Hz ±10 Hz — \d+ %$/),
    expect.stringMatching(/^Voice 2: pink — \d+ %$/),
  ]);
  // Choosing another preset without pressing Play changes nothing that plays, so nothing shown.
  await page.selectOption('#mode', 'meditate');
  expect(await page.locator('[data-testid="now-playing"]').textContent()).toBe('relax 10 Hz');
  expect((await voices())[0]).toMatch(/binaural 200 Hz ±10 Hz/);
  // A schedule: its own voices and the step heard now, no level sliders (the schedule sets them).
  await page.click('[data-testid="sbg-preview"]');
  await page.getByRole('button', { name: 'Play schedule' }).click();
  await page.waitForSelector('[data-testid="now-playing"]:has-text("SBaGen schedule")');
  await page.waitForSelector('[data-testid="now-playing-step"]');
  expect(await page.locator('[data-testid="now-playing-step"]').textContent()).toMatch(
    /^Step base \(.*200.*10.*pink.*\); the schedule sets the tones and levels\.$/,
  );
  // The preset's voices are gone from the list, and no level slider fights the schedule.
  expect(await voices()).toEqual([]);
  expect(await page.locator('#voice-0').count()).toBe(0);
  // Leaving Listen and coming back shows the same.
  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  await page.getByRole('link', { name: 'Listen', exact: true }).click();
  expect(await page.locator('[data-testid="now-playing"]').textContent()).toBe('SBaGen schedule');
  expect(await page.locator('[data-testid="now-playing-step"]').textContent()).toMatch(/^Step base/);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await page.waitForSelector('text=Nothing is playing.');
  await page.close();
}, 60_000);

test('audio starts without an underrun: the first quanta are as fast as the rest, start after start', async () => {
  const page = await app.browser.context.newPage();
  await page.goto(`${app.server.url}/listen`);
  await page.waitForSelector('#listen-title');
  const starts: Array<{ quanta: number; underruns: number }> = [];
  for (let i = 0; i < 5; i++) {
    await page.click('[data-testid="play-preset"]');
    await page.waitForTimeout(1000);
    starts.push(
      await page.evaluate(() => {
        const stats = (
          globalThis as unknown as { clisonixAudio: { statsNow(): { quanta: number; underruns: number } | null } }
        ).clisonixAudio.statsNow()!;
        return { quanta: stats.quanta, underruns: stats.underruns };
      }),
    );
  }
  for (const s of starts) expect(s.quanta).toBeGreaterThan(200); // about 1 s of 128-frame quanta (344 at 44.1 kHz)
  expect(starts.map((s) => s.underruns)).toEqual([0, 0, 0, 0, 0]);
  await page.close();
}, 60_000);

test('training: the beat follows the alpha of the synthetic headset (low eyes open, up to 12 Hz eyes closed, at most 2 Hz/s) and a schedule step is held until alpha comes', async () => {
  const page = await app.browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The synthetic headset's alpha is its eyes-closed blocks: 20 s open from the first sample, then 20 s closed.
  await connectSyntheticToLive(page, app.server.url);
  const connectedAtMs = Date.now();
  await page.getByRole('link', { name: 'Listen', exact: true }).click();
  const mapping = {
    mappings: [
      {
        metric: { kind: 'relative-power', band: 'alpha', electrodes: ['TP9', 'TP10'] },
        target: { voice: 'beat', param: 'beatHz' },
        input: [0.15, 0.35],
        output: [6, 12],
        smoothingSec: 1,
        maxRatePerSec: 2,
      },
    ],
  };
  await page.fill('#nf-mapping', JSON.stringify(mapping));
  expect(await page.locator('[data-testid="nf-mapping-words"] li').allTextContents()).toEqual([
    'Beat goes up from 6 Hz to 12 Hz as your relative alpha at TP9, TP10 goes from 0.15 to 0.35, at most 2 Hz/s, smoothed over 1 s',
  ]);
  // The sound: a schedule whose first step waits for alpha (the SBaGen '#@' extension).
  await page.fill(
    '#sbg-text',
    [
      'base: 200+10/40 pink/20',
      'deep: 200+6/40 pink/40',
      'off: -',
      'NOW base  #@until relative(alpha@TP9,TP10) > 0.3 for 2s',
      '+00:00:20 deep',
      '+00:10:00 off',
    ].join('\n'),
  );
  await page.click('[data-testid="sbg-preview"]');
  await expect
    .poll(() => page.locator('[data-testid="sbg-timeline"] tbody tr').first().textContent())
    .toMatch(/^0:00.*base.*until relative\(alpha@TP9,TP10\) > 0\.3 for 2s$/);
  await page.selectOption('#nf-sound', 'schedule');
  // A mapping on the EEG itself needs no calibration.
  await page.getByRole('button', { name: 'Start training' }).click();
  await page.waitForSelector('[data-testid="nf-mapping-state"]');
  // Every value the loop sends, as the screen receives it, with the page time.
  await page.evaluate(() => {
    const seen: Array<[number, number]> = [];
    (globalThis as unknown as { beatSeen: typeof seen }).beatSeen = seen;
    const el = document.querySelector('[data-testid="nf-mapping-state"]')!;
    const note = () => seen.push([performance.now(), Number(el.getAttribute('data-values'))]);
    note();
    new MutationObserver(note).observe(el, { attributes: true, attributeFilter: ['data-values'] });
  });
  const tagBefore = await page.evaluate(
    () => (globalThis as unknown as { clisonixAudio: { statsNow(): { lastTag: number } } }).clisonixAudio.statsNow().lastTag,
  );
  const seen = () => page.evaluate(() => (globalThis as unknown as { beatSeen: Array<[number, number]> }).beatSeen);
  // 10 s into the schedule, in the eyes-open block: the first step is held, and the screen says for what.
  const schedule = page.locator('[data-testid="nf-schedule"]');
  await expect
    .poll(() => schedule.textContent(), { timeout: 20_000, interval: 500 })
    .toMatch(/^Holding base \(line 4\) until your relative alpha at TP9, TP10 stays above 0\.3 for 2 s; waited \d+ s\.$/);
  const heldAtSec = (Date.now() - connectedAtMs) / 1000;
  expect(await schedule.getAttribute('data-passed')).toBe('0');
  await expect.poll(async () => Math.max(...(await seen()).map(([, v]) => v)), { timeout: 40_000, interval: 500 }).toBeGreaterThan(11.99);
  const values = await seen();
  const sinceConnectSec = (Date.now() - connectedAtMs) / 1000;
  // Eyes open (relative alpha ~0.1): the beat came down from the preset's 10 Hz toward the curve's 6 Hz ...
  const low = values.findIndex(([, v]) => v < 7);
  expect(low).toBeGreaterThan(0);
  const firstRise = values.findIndex(([, v], i) => i > low && v > 8);
  // ... and climbed only once the eyes-closed block began (20 s after the first sample).
  const riseAtSec = sinceConnectSec - (values.at(-1)![0] - values[firstRise]![0]) / 1000;
  expect(riseAtSec).toBeGreaterThan(15);
  // Never past the curve's end, never faster than 2 Hz/s (plus one message's delivery jitter).
  expect(Math.max(...values.map(([, v]) => v))).toBeLessThanOrEqual(12 + 1e-9);
  for (let i = 1; i < values.length; i++) {
    const dtSec = (values[i]![0] - values[i - 1]![0]) / 1000;
    expect(Math.abs(values[i]![1] - values[i - 1]![1])).toBeLessThanOrEqual(2 * (dtSec + 0.25));
  }
  // The eyes-closed alpha released the held step: the schedule went on to 'deep'.
  await expect.poll(() => schedule.getAttribute('data-passed'), { timeout: 10_000 }).toBe('1');
  expect(await schedule.textContent()).toMatch(/base \(line 4\) went on when its condition held\.$/);
  expect(heldAtSec).toBeLessThan(riseAtSec);
  // The updates reached the worklet (the tag of the last applied one moved on).
  const tagAfter = await page.evaluate(
    () => (globalThis as unknown as { clisonixAudio: { statsNow(): { lastTag: number } } }).clisonixAudio.statsNow().lastTag,
  );
  expect(tagAfter - tagBefore).toBeGreaterThanOrEqual(10);
  await page.getByRole('button', { name: 'Stop training' }).click();
  expect(errors).toEqual([]);
  await page.close();
}, 90_000);

test('a blink of the synthetic headset pauses the feedback with its reason, shown and announced, and it resumes', async () => {
  const page = await app.browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The synthetic headset blinks on AF7/AF8 (150 µV, 300 ms) every 3-5 s of its first, eyes-open 20 s (seeded).
  await connectSyntheticToLive(page, app.server.url);
  await page.getByRole('link', { name: 'Listen', exact: true }).click();
  // A mapping on the EEG itself: no calibration needed.
  const mapping = {
    mappings: [
      { metric: { kind: 'relative-power', band: 'alpha' }, target: { voice: 'noise', param: 'level' }, input: [0.1, 0.4], output: [0.3, 0.05] },
    ],
  };
  await page.fill('#nf-mapping', JSON.stringify(mapping));
  await page.getByRole('button', { name: 'Start training' }).click();
  // Every pause reason the screen showed and every announcement, as they happened.
  await page.evaluate(() => {
    const seen: string[] = [];
    (globalThis as unknown as { pausesSeen: string[] }).pausesSeen = seen;
    new MutationObserver(() => {
      const pause = document.querySelector('[data-testid="nf-pause"]');
      const words = pause ? `shown: ${pause.textContent}` : 'shown: none';
      if (seen.at(-1) !== words) seen.push(words);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const pause = page.locator('[data-testid="nf-pause"][data-reason="blink"]');
  await pause.waitFor({ timeout: 15_000 });
  expect(await pause.textContent()).toBe('Paused: blink');
  expect(await page.locator('[data-testid="nf-score-words"]').textContent()).toBe('Paused: blink. The sound waits for clean signal.');
  await expect.poll(() => page.locator('[data-testid="announce-polite"]').textContent(), { timeout: 2_000, interval: 50 }).toBe('Paused: blink');
  // Resumed once the blink and its refractory time have passed and 1 s of clean signal followed.
  await page.waitForSelector('[data-testid="nf-pause"][data-reason="blink"]', { state: 'detached', timeout: 5_000 });
  const seen = await page.evaluate(() => (globalThis as unknown as { pausesSeen: string[] }).pausesSeen);
  const shown = seen.indexOf('shown: Paused: blink');
  expect(shown).toBeGreaterThanOrEqual(0);
  expect(seen.slice(shown + 1)).toContain('shown: none');
  await page.getByRole('button', { name: 'Stop training' }).click();
  expect(errors).toEqual([]);
  await page.close();
}, 60_000);

test('headphones: the left step sounds in the left channel only, the right step in the right; swapped ears swap the output; the hearing check sets the starting volume', async () => {
  const page = await app.browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${app.server.url}/listen`);
  const card = page.locator('[data-testid="listening-check"]');
  await card.waitFor();
  expect(await page.locator('[data-testid="listening-summary"]').textContent()).toBe('Not checked yet.');
  expect(await seriousViolations(page, 'listen: headphone check')).toEqual([]);
  // What each output channel of the check's graph carried since the tone began (its analysers).
  const levels = () =>
    page.evaluate(() =>
      (globalThis as unknown as { clisonixListeningCheck: { levels(): { left: number; right: number } } }).clisonixListeningCheck.levels(),
    );
  const step = async (ear: 'left' | 'right') => {
    await page.waitForSelector(`[data-testid="listening-step"][data-ear="${ear}"]`);
    await expect.poll(async () => (await levels())[ear], { timeout: 3_000, interval: 100 }).toBeGreaterThan(0.1);
    return levels();
  };
  await card.getByRole('button', { name: 'Check left and right' }).click();
  const left = await step('left');
  expect(left.right).toBe(0); // not a trace in the other ear
  expect(await seriousViolations(page, 'listen: headphone check, step 1')).toEqual([]);
  await card.getByRole('button', { name: 'I heard it on the left' }).click();
  const right = await step('right');
  expect(right.left).toBe(0);
  await card.getByRole('button', { name: 'I heard it on the right' }).click();
  await expect.poll(() => page.locator('[data-testid="listening-summary"]').textContent()).toBe('Left and right are as they should be.');

  // Heard the other way round: the studio offers to swap, and the sound's output is swapped.
  await card.getByRole('button', { name: 'Check left and right' }).click();
  await step('left');
  await card.getByRole('button', { name: 'I heard it on the right' }).click();
  await step('right');
  await card.getByRole('button', { name: 'I heard it on the left' }).click();
  await page.getByLabel('Swap left and right for all sound (binaural beats included)').check();
  expect(await page.locator('[data-testid="listening-summary"]').getAttribute('data-swapped')).toBe('true');

  // Hearing level: the tone rises from -80 dBFS at 4 dB/s; pressed after about 2 s.
  await card.getByRole('button', { name: 'Check hearing level' }).click();
  await page.waitForSelector('[data-testid="hearing-step"]');
  await page.waitForTimeout(2000);
  await card.getByRole('button', { name: 'I hear it now' }).click();
  const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('clisonix.settings.v1')!).listening);
  expect(kept).toMatchObject({ channels: 'swapped', swapChannels: true, skipped: false });
  expect(kept.thresholdGain).toBeGreaterThan(10 ** ((-80 + 4 * 1.9) / 20));
  expect(kept.thresholdGain).toBeLessThan(10 ** ((-80 + 4 * 4) / 20));
  expect(kept.startingGain).toBeCloseTo(Math.min(0.7, kept.thresholdGain * 10 ** (30 / 20)), 12);
  expect(await page.locator('[data-testid="listening-summary"]').textContent()).toMatch(
    /Sound starts at -\d+ dBFS \(you heard the tone at -\d+ dBFS\)\.$/,
  );
  expect(await seriousViolations(page, 'listen: headphone check done')).toEqual([]);

  // What plays now starts at that volume, left and right swapped back (after the kernel's limiter).
  await page.click('[data-testid="play-preset"]');
  const output = () =>
    page.evaluate(() => (globalThis as unknown as { clisonixAudio: { output(): { gain: number; swapped: boolean } | null } }).clisonixAudio.output());
  await expect.poll(output).toEqual({ gain: kept.startingGain, swapped: true });
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await page.evaluate(() => {
    const s = JSON.parse(localStorage.getItem('clisonix.settings.v1')!);
    localStorage.setItem('clisonix.settings.v1', JSON.stringify({ ...s, listening: null }));
  });
  expect(errors).toEqual([]);
  await page.close();
}, 60_000);
