// The M key adds a marker while recording (not while typing in a field).
import { onCleanup } from 'solid-js';

export function useMarkerKey(onMarker: (event: KeyboardEvent) => void): void {
  const handler = (e: KeyboardEvent) => {
    if (e.key !== 'm' && e.key !== 'M') return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target as HTMLElement | null;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    e.preventDefault();
    onMarker(e);
  };
  document.addEventListener('keydown', handler);
  onCleanup(() => document.removeEventListener('keydown', handler));
}
