// The studio shell: header with connection, recording and sync state; keyboard-reachable navigation;
// one lazily loaded screen at a time (so the Connect screen's JS stays small); live regions.
import { QueryClient, QueryClientProvider } from '@tanstack/solid-query';
import { ErrorBoundary, For, Match, Show, Suspense, Switch, createEffect, lazy, onMount } from 'solid-js';
import { ConnectScreen } from '../features/connect/ConnectScreen.tsx';
import { assertiveText, politeText } from './announcer.ts';
import { currentLocation, navigate, routes, type RoutePath } from './router.ts';
import { StatusBadges } from './StatusBadges.tsx';
import { settings } from './settings.ts';
import { recorder, studioDb } from './studio.ts';
import { acceptUpdate, updateDeferred, updateWaiting } from './sw-register.ts';
import { whenRecorderIdle } from './recording-events.ts';

const LiveScreen = lazy(() => import('../features/live/LiveScreen.tsx'));
const ListenScreen = lazy(() => import('../features/listen/ListenScreen.tsx'));
const SessionsScreen = lazy(() => import('../features/sessions/SessionsScreen.tsx'));
const StatusScreen = lazy(() => import('../features/status/StatusScreen.tsx'));
const SettingsScreen = lazy(() => import('../features/settings/SettingsScreen.tsx'));

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, staleTime: 5_000, refetchOnWindowFocus: false, networkMode: 'always' } },
});

function ScreenError(props: { error: unknown; reset: () => void }) {
  return (
    <div role="alert" class="alert error">
      <h2>This screen failed to load</h2>
      <p>{String((props.error as Error)?.message ?? props.error)}</p>
      <button type="button" onClick={() => props.reset()}>
        Try again
      </button>
    </div>
  );
}

export function App() {
  let mainRef: HTMLElement | undefined;
  onMount(() => {
    document.documentElement.dataset.theme = settings().theme;
    void studioDb();
  });
  // Move focus to the new screen's heading so keyboard and screen-reader users land on it.
  createEffect((previous?: RoutePath) => {
    const route = currentLocation().route;
    if (previous && previous !== route) queueMicrotask(() => mainRef?.focus());
    const label = routes.find((r) => r.path === route)?.label ?? '';
    document.title = `${label} · Clisonix`;
    return route;
  });
  const go = (path: RoutePath) => (e: MouseEvent) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(path);
  };
  return (
    <QueryClientProvider client={queryClient}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="app-header">
        <h1>Clisonix</h1>
        <nav class="app-nav" aria-label="Screens">
          <ul>
            <For each={routes}>
              {(r) => (
                <li>
                  <a href={r.path} onClick={go(r.path)} aria-current={currentLocation().route === r.path ? 'page' : undefined}>
                    {r.label}
                  </a>
                </li>
              )}
            </For>
          </ul>
        </nav>
        <StatusBadges />
      </header>
      <main id="main" tabindex="-1" ref={mainRef}>
        <ErrorBoundary fallback={(error, reset) => <ScreenError error={error} reset={reset} />}>
          <Suspense
            fallback={
              <p role="status">
                <span class="spinner" aria-hidden="true" /> Loading…
              </p>
            }
          >
            <Switch>
              <Match when={currentLocation().route === '/connect'}>
                <ConnectScreen />
              </Match>
              <Match when={currentLocation().route === '/live'}>
                <LiveScreen />
              </Match>
              <Match when={currentLocation().route === '/listen'}>
                <ListenScreen />
              </Match>
              <Match when={currentLocation().route === '/sessions'}>
                <SessionsScreen />
              </Match>
              <Match when={currentLocation().route === '/status'}>
                <StatusScreen />
              </Match>
              <Match when={currentLocation().route === '/settings'}>
                <SettingsScreen />
              </Match>
            </Switch>
          </Suspense>
        </ErrorBoundary>
      </main>
      <Show when={updateWaiting() || updateDeferred()}>
        {/* biome-ignore lint/a11y/useSemanticElements: the banner is a named landmark over the screens, not a section of one. */}
        <div class="update-banner" role="region" aria-label="Update">
          <Show when={updateWaiting()} fallback={<p>The new version will load when the recording stops.</p>}>
            <p>
              <strong>A new version of Clisonix is ready.</strong>
            </p>
            <Show when={recorder()}>
              <p class="muted">A recording is running: it will finish saving first.</p>
            </Show>
            <button type="button" class="primary" onClick={() => void acceptUpdate(() => !!recorder(), whenRecorderIdle)}>
              Update
            </button>
          </Show>
        </div>
      </Show>
      <div class="sr-only" aria-live="polite" aria-atomic="true" data-testid="announce-polite">
        {politeText()}
      </div>
      <div class="sr-only" aria-live="assertive" aria-atomic="true" data-testid="announce-assertive">
        {assertiveText()}
      </div>
    </QueryClientProvider>
  );
}
