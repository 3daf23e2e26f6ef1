// WAV files of syntheses, rendered once on every core (renderWavFile) and kept on disk, so that a
// download is a file sent at socket speed and a player's Range requests never render again. A
// synthesis's audio depends only on its stored parameters, which never change, so a file stays
// valid for as long as it is kept. The folder is this process's own (a fresh temporary folder, or
// RENDER_CACHE_DIR/<pid>), emptied when the process closes; files are evicted least recently used
// first when the total passes the budget. A file is written under a temporary name and renamed when
// complete: a reader never sees half a render. Concurrent requests for one file share one render.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface CachedRender {
  path: string;
  byteLength: number;
}

export interface RenderCacheStats {
  /** Files served from the cache / rendered into it, since the process started. */
  hits: number;
  renders: number;
  evictions: number;
  files: number;
  bytes: number;
  budgetBytes: number;
}

export interface RenderCache {
  /** Files up to this size are cached (bytes); a larger one is streamed as it renders. */
  readonly maxFileBytes: number;
  /**
   * The file of `key` (`byteLength` bytes), calling `render(path)` to write it when it is not kept;
   * callers asking meanwhile wait for the same render. Rejects with the render's error (nothing kept).
   */
  file(key: string, byteLength: number, render: (file: string) => Promise<void>): Promise<CachedRender>;
  stats(): RenderCacheStats;
  /** Removes the folder and everything in it. */
  close(): void;
}

export interface RenderCacheOptions {
  /** Parent folder (RENDER_CACHE_DIR); default: the system's temporary folder. */
  dir?: string;
  /** Total size kept, bytes (RENDER_CACHE_MB x 2^20; default 4 GiB). */
  budgetBytes?: number;
}

const DEFAULT_BUDGET_BYTES = 4 * 2 ** 30;

/** RENDER_CACHE_MB as bytes; a clear error for anything but a positive integer. */
export function renderCacheBudget(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_BUDGET_BYTES;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`RENDER_CACHE_MB must be a positive integer (MB), got "${value}"`);
  return Number(value) * 2 ** 20;
}

/**
 * @example const cache = createRenderCache({ budgetBytes: 2 ** 32 });
 * const { path } = await cache.file(etag, wav.byteLength, (file) => renderWavFile(program, options, file).then(() => {}));
 */
export function createRenderCache(options: RenderCacheOptions = {}): RenderCache {
  const budgetBytes = options.budgetBytes ?? DEFAULT_BUDGET_BYTES;
  // Half the budget at most per file, so that one large render cannot empty the cache by itself.
  const maxFileBytes = Math.floor(budgetBytes / 2);
  let folder: string | undefined;
  const folderNow = () => {
    if (folder) return folder;
    // Set only once made: close() must not remove what this cache did not create.
    if (options.dir) {
      const own = path.join(options.dir, String(process.pid));
      mkdirSync(own, { recursive: true });
      folder = own;
    } else folder = mkdtempSync(path.join(tmpdir(), 'clisonix-renders-'));
    return folder;
  };
  /** Kept files in order of use, oldest first (a Map keeps insertion order; a hit re-inserts). */
  const kept = new Map<string, CachedRender>();
  const pending = new Map<string, Promise<CachedRender>>();
  let bytes = 0;
  const counts = { hits: 0, renders: 0, evictions: 0 };

  const evictFor = (incoming: number) => {
    for (const [key, entry] of kept) {
      if (bytes + incoming <= budgetBytes) break;
      kept.delete(key);
      bytes -= entry.byteLength;
      counts.evictions++;
      // A download reading it keeps its open descriptor: unlinking does not cut it short.
      rmSync(entry.path, { force: true });
    }
  };

  const renderInto = async (key: string, byteLength: number, render: (file: string) => Promise<void>): Promise<CachedRender> => {
    const dir = folderNow();
    const final = path.join(dir, `${encodeURIComponent(key)}.wav`);
    const partial = `${final}.${crypto.randomUUID()}.partial`;
    try {
      await render(partial);
      const size = (await stat(partial)).size;
      if (size !== byteLength) throw new Error(`the render wrote ${size} bytes, ${byteLength} were announced`);
      evictFor(byteLength);
      await rename(partial, final);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    counts.renders++;
    const entry = { path: final, byteLength };
    kept.set(key, entry);
    bytes += byteLength;
    return entry;
  };

  return {
    maxFileBytes,
    file(key, byteLength, render) {
      const entry = kept.get(key);
      if (entry) {
        counts.hits++;
        kept.delete(key);
        kept.set(key, entry);
        return Promise.resolve(entry);
      }
      if (byteLength > maxFileBytes)
        return Promise.reject(new RangeError(`${byteLength} bytes is more than the cache keeps per file (${maxFileBytes})`));
      let render_ = pending.get(key);
      if (!render_) {
        render_ = renderInto(key, byteLength, render).finally(() => pending.delete(key));
        pending.set(key, render_);
      }
      return render_;
    },
    stats: () => ({ ...counts, files: kept.size, bytes, budgetBytes }),
    close() {
      kept.clear();
      bytes = 0;
      if (folder) rmSync(folder, { recursive: true, force: true });
      folder = undefined;
    },
  };
}
