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
  void import('./features/sessions/sync-runner.ts').then((m) => m.startSync());
  void import('./features/status/client-registration.ts').then((m) => m.startClientRegistration());
}, 0);
