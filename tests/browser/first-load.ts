// What a first visit downloads: every same-origin response of loading `url` in a fresh page, with the
// bytes that crossed the wire (encoded body, as Chromium counted them) and the bytes once decoded.
import type { BrowserContext } from 'playwright-core';

export interface LoadedResource {
  path: string;
  type: string;
  encoding: string | null;
  transferredBytes: number;
  decodedBytes: number;
}

/** Loads `url` in a new page of `context` (which must not have the service worker yet) and lists what came. */
export async function measureFirstLoad(context: BrowserContext, url: string, readySelector: string): Promise<LoadedResource[]> {
  const page = await context.newPage();
  const pending: Promise<LoadedResource | null>[] = [];
  page.on('response', (response) => {
    const at = new URL(response.url());
    if (at.origin !== new URL(url).origin || response.status() !== 200) return;
    pending.push(
      (async () => {
        const [sizes, body, headers] = await Promise.all([response.request().sizes(), response.body(), response.allHeaders()]);
        return {
          path: at.pathname,
          type: response.request().resourceType(),
          encoding: headers['content-encoding'] ?? null,
          transferredBytes: sizes.responseBodySize,
          decodedBytes: body.length,
        };
      })().catch(() => null),
    );
  });
  await page.goto(url);
  await page.waitForSelector(readySelector);
  await page.waitForLoadState('networkidle');
  const resources = (await Promise.all(pending)).filter((r): r is LoadedResource => r !== null);
  await page.close();
  return resources;
}
