import { render } from 'solid-js/web';
import { App } from './app/App.tsx';
import './app/styles.css';
import { registerServiceWorker } from './app/sw-register.ts';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
render(() => <App />, root);

void registerServiceWorker();
// Background work that the first paint does not need.
setTimeout(() => {
  // A stored cloud-mode login is renewed before its access token expires (now, if already due).
  void import('./app/auth-session.ts').then((m) => m.scheduleRefresh());
  void import('./features/sessions/sync-runner.ts').then((m) => m.startSync());
  // The live analysis follows the connected source from the start, whichever screen is shown.
  void import('./features/live/live-view-store.ts').then((m) => m.startLiveView());
  void import('./features/status/client-registration.ts').then((m) => m.startClientRegistration());
}, 0);
