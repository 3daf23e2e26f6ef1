// Service-worker registration (production builds only) and the update flow: a new version is
// announced; it takes over when the user accepts, and never while a recording runs (the reload
// waits until the recording is stopped and flushed, so no sample is lost to an update).
import { createSignal } from 'solid-js';
import { announce } from './announcer.ts';

export const [updateWaiting, setUpdateWaiting] = createSignal(false);
export const [swState, setSwState] = createSignal<'none' | 'installing' | 'active' | 'error'>('none');

let applyUpdate: (() => void) | undefined;
let reloadOnControllerChange = false;
export const [updateDeferred, setUpdateDeferred] = createSignal(false);

/** Registers /sw.js with workbox-window. */
export async function registerServiceWorker(): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const { Workbox } = await import('workbox-window');
  const wb = new Workbox('/sw.js');
  wb.addEventListener('waiting', () => {
    setUpdateWaiting(true);
    announce('A new version of Clisonix is ready. Choose Update to use it.');
  });
  // Reload when the accepted new version takes control (acceptUpdate waits for the recording to
  // end first). The first install also changes the controller (clientsClaim): no reload then.
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloadOnControllerChange) location.reload();
  });
  applyUpdate = () => wb.messageSkipWaiting();
  setSwState('installing');
  try {
    await wb.register();
    setSwState('active');
  } catch {
    setSwState('error');
  }
  // Look for a new version now and then (a long session would otherwise never see one).
  setInterval(() => void wb.update().catch(() => {}), 15 * 60_000);
}

/**
 * The user accepted the update. While a recording runs the new version waits: the old service
 * worker keeps serving this page's files until the recording is stopped and on disk.
 */
export async function acceptUpdate(isRecording: () => boolean, whenRecordingStops: () => Promise<void>): Promise<void> {
  setUpdateWaiting(false);
  if (isRecording()) {
    setUpdateDeferred(true);
    announce('The update will be applied when the recording stops.');
    await whenRecordingStops();
  }
  reloadOnControllerChange = true;
  applyUpdate?.();
}
