// The render cache on a real folder: one render per key however many ask at once, least recently
// used files evicted past the budget, nothing kept from a failed or short render, and the folder
// gone on close.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRenderCache, renderCacheBudget, type RenderCache } from './render-cache.ts';

const writer = (bytes: number, fill = 7) => {
  const calls: string[] = [];
  const render = async (file: string) => {
    calls.push(file);
    await new Promise((resolve) => setTimeout(resolve, 5));
    writeFileSync(file, new Uint8Array(bytes).fill(fill));
  };
  return { calls, render };
};

describe('render cache', () => {
  let cache: RenderCache;
  afterEach(() => cache?.close());

  it('renders a key once for callers that ask at the same time, and serves the file after', async () => {
    cache = createRenderCache({ budgetBytes: 10_000 });
    const { calls, render } = writer(1000);
    const [a, b] = await Promise.all([cache.file('k', 1000, render), cache.file('k', 1000, render)]);
    expect(calls).toHaveLength(1);
    expect(a).toEqual(b);
    expect(readFileSync(a.path)).toHaveLength(1000);
    expect(path.basename(calls[0]!)).toMatch(/^k\.wav\..+\.partial$/); // written aside, renamed when whole
    await cache.file('k', 1000, render);
    expect(calls).toHaveLength(1);
    expect(cache.stats()).toMatchObject({ renders: 1, hits: 1, files: 1, bytes: 1000, evictions: 0 });
  });

  it('evicts the least recently used files once the budget would be passed', async () => {
    cache = createRenderCache({ budgetBytes: 2500 });
    const a = await cache.file('a', 1000, writer(1000).render);
    const b = await cache.file('b', 1000, writer(1000).render);
    await cache.file('a', 1000, writer(1000).render); // a used again: b is now the oldest
    const c = await cache.file('c', 1000, writer(1000).render);
    expect(existsSync(a.path)).toBe(true);
    expect(existsSync(b.path)).toBe(false);
    expect(existsSync(c.path)).toBe(true);
    expect(cache.stats()).toMatchObject({ files: 2, bytes: 2000, evictions: 1 });
    const again = writer(1000);
    await cache.file('b', 1000, again.render);
    expect(again.calls).toHaveLength(1); // b renders again; a (older than c) goes
    expect(existsSync(a.path)).toBe(false);
  });

  it('keeps nothing of a render that fails or writes another length, and says which', async () => {
    cache = createRenderCache({ budgetBytes: 10_000 });
    let partial = '';
    const failing = async (file: string) => {
      partial = file;
      writeFileSync(file, 'half');
      throw new Error('worker crashed');
    };
    await expect(cache.file('x', 1000, failing)).rejects.toThrow('worker crashed');
    expect(existsSync(partial)).toBe(false);
    await expect(cache.file('y', 1000, writer(999).render)).rejects.toThrow('the render wrote 999 bytes, 1000 were announced');
    expect(cache.stats()).toMatchObject({ files: 0, bytes: 0, renders: 0 });
    const retry = writer(1000);
    await cache.file('x', 1000, retry.render); // a failure is not remembered: the next request renders
    expect(retry.calls).toHaveLength(1);
  });

  it('refuses a file larger than half the budget, and removes its folder on close', async () => {
    cache = createRenderCache({ budgetBytes: 2000 });
    expect(cache.maxFileBytes).toBe(1000);
    await expect(cache.file('big', 1001, writer(1001).render)).rejects.toThrow('1001 bytes is more than the cache keeps per file (1000)');
    const { path: file } = await cache.file('small', 1000, writer(1000).render);
    cache.close();
    expect(existsSync(path.dirname(file))).toBe(false);
  });

  it('reads RENDER_CACHE_MB as a positive number of MB', () => {
    expect(renderCacheBudget(undefined)).toBe(4 * 2 ** 30);
    expect(renderCacheBudget('512')).toBe(512 * 2 ** 20);
    for (const bad of ['0', '-1', '1.5', 'lots'])
      expect(() => renderCacheBudget(bad)).toThrow(`RENDER_CACHE_MB must be a positive integer (MB), got "${bad}"`);
  });
});
