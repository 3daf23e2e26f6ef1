/// <reference lib="webworker" />
// The service worker: caching only. It precaches the app shell and the WASM so that the studio
// loads, records, analyses and synthesises with no network. API calls are never cached: sync must
// see the network fail to know the server is unreachable.
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Every navigation outside the API gets the cached app shell.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    denylist: [/^\/api\//, /^\/(alba|albi|jona|orchestrator)\//, /^\/(docs|openapi\.json|metrics|health)/],
  }),
);

// The first install takes the open page at once (so it works offline without a reload). An update
// waits: the page announces it and asks for SKIP_WAITING only when no recording is running.
clientsClaim();
self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
});
