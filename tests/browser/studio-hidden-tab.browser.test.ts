// Recording goes on whatever the tab does: the acquisition worker writes IndexedDB itself, so a hidden
// tab whose timers Chromium throttles to once a minute loses nothing (a page whose main thread is busy:
// studio-busy-page.browser.test.ts). Intensive wake-up throttling is made to start after 10 s of
// hiding (instead of 5 min). This file mostly waits: npm run test:browser runs it beside the others
// (the browser-background project; tools/run-browser-tests.mjs).
//
// The hidden tab is driven over raw CDP (tests/browser/raw-cdp.ts says why Playwright cannot hide
// one). The hidden phase lasts CLISONIX_HIDDEN_TAB_SEC seconds, 180 by default: Chromium starts the
// minute-aligned wake-ups about a minute after hiding, so the page then sleeps longer than its 30 s
// rings hold, and its 20 s registry heartbeat falls silent for longer than the server's time-to-live
// (30 s here): the server forgets the client for a while, and the browser must come back under the
// same client id.
// Run it with CLISONIX_HIDDEN_TAB_SEC=600 for a 10-minute session.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type RunningServer } from './harness.ts';
import { launchRawChromium, type RawChromium, type RawTab } from './raw-cdp.ts';
import type { PageSession } from './studio-helpers.ts';

const HIDDEN_TAB_SEC = Number(process.env.CLISONIX_HIDDEN_TAB_SEC ?? 180);
const RATE = 250;
let server: RunningServer;
let raw: RawChromium | undefined;
beforeAll(async () => {
  // A client is forgotten after 30 s without a heartbeat (60 s by default): the throttled tab's
  // minute-aligned wake-ups then certainly leave a longer silence, not one that is about as long.
  server = await startServer({ ORCHESTRATOR_CLIENT_TTL_MS: '30000' });
});
afterAll(async () => {
  await raw?.close();
  await server?.stop();
});

type Chunk = [string, number, string, number, number];

/** Every stored chunk follows the one before it: no sample lost, none invented. */
function expectContiguous(chunks: Chunk[], durable: number): void {
  expect(chunks[0][3]).toBe(0);
  chunks.slice(1).forEach((c, i) => expect(c[3]).toBe(chunks[i][3] + chunks[i][4]));
  expect(chunks.reduce((n, c) => n + c[4], 0)).toBe(durable);
}

const clickButtonNamed = (name: string) =>
  `[...document.querySelectorAll('button')].find((b) => b.textContent.trim() === ${JSON.stringify(name)})?.click() ?? true`;

/** The newest session and its EEG chunks, read with the raw IndexedDB API inside the tab. */
function readNewestSession(tab: RawTab): Promise<{ session: PageSession & { gaps?: unknown[] }; chunks: Chunk[] }> {
  return tab.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('clisonix-studio-v1');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(['sessions', 'chunks']);
      tx.objectStore('sessions').getAll().onsuccess = (e) => {
        const session = e.target.result.sort((a, b) => b.startedAtMs - a.startedAtMs)[0];
        tx.objectStore('chunks').index('by-session').getAll(session.id).onsuccess = (c) => {
          const chunks = c.target.result.filter((k) => k.streamId === 'eeg').map((k) => [k.streamId, k.seq, k.sha256, k.firstSample, k.sampleCount]).sort((a, b) => a[1] - b[1]);
          open.result.close();
          resolve({ session, chunks });
        };
      };
    };
  })`);
}

test(
  `a recording with the tab hidden for ${HIDDEN_TAB_SEC} s and intensively throttled keeps every sample`,
  async () => {
    raw = await launchRawChromium(['--enable-features=IntensiveWakeUpThrottling:grace_period_seconds/10']);
    const tab = await raw.openTab(`${server.url}/connect`);
    await tab.waitFor(`document.querySelector('button[data-device="synthetic"]')`);
    await tab.evaluate(`document.querySelector('button[data-device="synthetic"]').click()`);
    await tab.waitFor(`document.querySelector('[data-testid="connection-badge"]')?.textContent.includes('Streaming')`);
    await tab.evaluate(clickButtonNamed('Open Live view'));
    await tab.waitFor(`document.querySelector('[data-testid="record-button"]')`);
    // Record and Stop are bracketed by the times just before the click and just after the badge
    // changed: on a loaded machine either can take a second to go through.
    const recordClickedAt = Date.now();
    await tab.evaluate(`document.querySelector('[data-testid="record-button"]').click()`);
    await tab.waitFor(`document.querySelector('[data-testid="recording-badge"]')`);
    const recordingShownAt = Date.now();
    // The page's own 1 s timer, to show that the throttling really happened.
    await tab.evaluate(`(() => { window.wakeUps = []; const tick = () => { window.wakeUps.push(Date.now()); setTimeout(tick, 1000); }; tick(); })()`);

    // This browser's registration with the orchestrator, as the server lists it.
    await tab.waitFor(`localStorage.getItem('clisonix.client-id:')`);
    const clientId = await tab.evaluate<string>(`localStorage.getItem('clisonix.client-id:')`);
    const listedIds = async (): Promise<string[]> =>
      ((await (await fetch(`${server.url}/orchestrator/registry`)).json()) as { clients: Array<{ client_id: string }> }).clients.map(
        (c) => c.client_id,
      );
    await expect.poll(listedIds, { timeout: 30_000 }).toContain(clientId);

    const front = await raw.openTab('about:blank');
    await new Promise((r) => setTimeout(r, 500));
    expect(await tab.evaluate('document.visibilityState')).toBe('hidden');
    // While hidden, the server is asked every 5 s whether it still lists this browser.
    let forgotten = false;
    const hiddenUntil = Date.now() + HIDDEN_TAB_SEC * 1000;
    while (Date.now() < hiddenUntil) {
      await new Promise((r) => setTimeout(r, Math.min(5000, Math.max(0, hiddenUntil - Date.now()))));
      if (!(await listedIds()).includes(clientId)) forgotten = true;
    }
    const wakeUps = await tab.evaluate<number[]>('window.wakeUps');
    await raw.activate(tab);
    await front.close();
    await tab.waitFor(`document.visibilityState === 'visible'`);
    // Back in front, the next heartbeat (every 20 s) brings the registration back under the same id,
    // not as a second client.
    await expect.poll(listedIds, { timeout: 30_000 }).toContain(clientId);
    expect(await tab.evaluate<string>(`localStorage.getItem('clisonix.client-id:')`)).toBe(clientId);
    expect((await listedIds()).length).toBe(1);
    if (HIDDEN_TAB_SEC >= 180) expect(forgotten).toBe(true);
    const stopClickedAt = Date.now();
    await tab.evaluate(`document.querySelector('[data-testid="record-button"]').click()`);
    await tab.waitFor(`!document.querySelector('[data-testid="recording-badge"]')`, 30_000);
    const stoppedShownAt = Date.now();
    const { session, chunks } = await readNewestSession(tab);
    await tab.close();

    // Hidden and throttled, the page's 1 s timer slept longer than the page's 30 s rings hold (Chromium
    // aligns intensively throttled wake-ups to whole minutes, about a minute after hiding).
    const longestSleepMs = Math.max(Date.now() - wakeUps.at(-1)!, ...wakeUps.slice(1).map((t, i) => t - wakeUps[i]));
    if (HIDDEN_TAB_SEC >= 150) expect(longestSleepMs).toBeGreaterThan(30_000);
    else expect(longestSleepMs).toBeGreaterThan(5_000);
    expect(session.status).toBe('complete');
    expect(session.gaps ?? []).toEqual([]);
    const durable = session.durableSamples.eeg;
    expectContiguous(chunks, durable);
    // Recording ran from Record to Stop: the samples on disk cover at least the time between the two
    // brackets' inner ends and at most their outer ends, to within half a second (the 30 s rings of
    // the page, drained once a minute, would have lost more than a third).
    expect(durable).toBeGreaterThan(((stopClickedAt - recordingShownAt) / 1000 - 0.5) * RATE);
    expect(durable).toBeLessThan(((stoppedShownAt - recordClickedAt) / 1000 + 0.5) * RATE);
  },
  (HIDDEN_TAB_SEC + 150) * 1000,
);
