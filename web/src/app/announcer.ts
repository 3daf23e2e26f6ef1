// One polite and one assertive aria-live region for the whole app. Screen readers hear changes of
// connection, signal quality and sync without the user moving focus. Repeating the same text is
// made audible by clearing the region first.
import { createSignal } from 'solid-js';

const [politeText, setPolite] = createSignal('');
const [assertiveText, setAssertive] = createSignal('');
export { politeText, assertiveText };

/**
 * Announces `message` to assistive technology.
 * @example announce('Connected to Synthetic headset, 8 channels at 250 Hz');
 */
export function announce(message: string, urgency: 'polite' | 'assertive' = 'polite'): void {
  const set = urgency === 'polite' ? setPolite : setAssertive;
  set('');
  queueMicrotask(() => set(message));
}
