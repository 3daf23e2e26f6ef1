// Storage persistence and quota: asked for once, shown in the UI, so a full disk is a visible state.

export interface QuotaInfo {
  /** Bytes used by this origin. */
  usedBytes: number;
  /** Bytes this origin may use in total (browser's estimate). */
  quotaBytes: number;
  /** true when the browser promised not to evict our data under pressure. */
  persisted: boolean;
}

/** Asks the browser to keep our data (it may say no, e.g. headless or without engagement). */
export async function requestPersistentStorage(): Promise<boolean> {
  const storage = (globalThis.navigator as Navigator | undefined)?.storage;
  if (!storage?.persist) return false;
  if (await storage.persisted()) return true;
  return storage.persist().catch(() => false);
}

/** Current usage and quota; zeros when the browser cannot tell. */
export async function readQuota(): Promise<QuotaInfo> {
  const storage = (globalThis.navigator as Navigator | undefined)?.storage;
  if (!storage?.estimate) return { usedBytes: 0, quotaBytes: 0, persisted: false };
  const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted?.() ?? Promise.resolve(false)]);
  return { usedBytes: estimate.usage ?? 0, quotaBytes: estimate.quota ?? 0, persisted };
}

/** Seconds of recording that fit in the remaining quota, for `bytesPerSecond` of chunk data. */
export function secondsLeft(info: QuotaInfo, bytesPerSecond: number): number {
  if (!info.quotaBytes || bytesPerSecond <= 0) return Infinity;
  return Math.max(0, (info.quotaBytes - info.usedBytes) / bytesPerSecond);
}

/** "1.2 MB of 3.4 GB" */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
