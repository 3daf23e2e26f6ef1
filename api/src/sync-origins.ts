// STUDIO_SYNC_ORIGINS: other servers the studio served from here may sync with. The page's
// Content-Security-Policy lets it connect only to its own origin and these (connect-src); a person
// still has to agree before anything is sent to any of them (the studio's sync consent).

/** The origins of a comma-separated list of URLs; a bad entry is an error that names it. */
export function parseSyncOrigins(value: string | undefined): string[] {
  if (!value?.trim()) return [];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      let url: URL;
      try {
        url = new URL(entry);
      } catch {
        throw new Error(`STUDIO_SYNC_ORIGINS: '${entry}' is not a URL (use e.g. https://clisonix.example)`);
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`STUDIO_SYNC_ORIGINS: '${entry}' must be http: or https:`);
      return url.origin;
    });
}
