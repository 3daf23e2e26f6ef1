// A minimal path router: the six screens are flat, so a signal holding the pathname is all the
// routing the studio needs (no nested routes, no loaders). The server and the service worker both
// answer every non-API path with index.html, so a reload on /live keeps the screen.
import { createSignal } from 'solid-js';

export const routes = [
  { path: '/connect', label: 'Connect' },
  { path: '/live', label: 'Live' },
  { path: '/listen', label: 'Listen' },
  { path: '/sessions', label: 'Sessions' },
  { path: '/status', label: 'Status' },
  { path: '/settings', label: 'Settings' },
] as const;

export type RoutePath = (typeof routes)[number]['path'];

function toRoute(pathname: string): RoutePath {
  const match = routes.find((r) => pathname === r.path || pathname.startsWith(`${r.path}/`));
  return match ? match.path : '/connect';
}

const [loc, setLocation] = createSignal<{ route: RoutePath; search: URLSearchParams }>({
  route: toRoute(globalThis.location?.pathname ?? '/'),
  search: new URLSearchParams(globalThis.location?.search ?? ''),
});

globalThis.addEventListener?.('popstate', () =>
  setLocation({ route: toRoute(globalThis.location.pathname), search: new URLSearchParams(globalThis.location.search) }),
);

/** The current screen and its query string (e.g. `/live?session=<id>` replays a session). */
export const currentLocation = loc;

/**
 * Moves to another screen without a page load.
 * @example navigate('/live', { session: id })
 */
export function navigate(path: RoutePath, params: Record<string, string> = {}): void {
  const search = new URLSearchParams(params);
  const query = search.toString();
  history.pushState(null, '', query ? `${path}?${query}` : path);
  setLocation({ route: path, search });
}
