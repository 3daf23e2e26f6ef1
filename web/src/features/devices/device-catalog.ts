// The choices on the Connect screen, as data: which transport each needs, so a browser without it
// shows why a button is unavailable instead of failing on click.
import type { Capabilities } from '../../app/capabilities.ts';
import type { DeviceKind } from '../../../../workers/protocol/streams.ts';

export interface DeviceChoice {
  kind: DeviceKind;
  label: string;
  description: string;
  needs: keyof Capabilities | null;
}

export const deviceChoices: DeviceChoice[] = [
  {
    kind: 'synthetic',
    label: 'Synthetic headset',
    description: 'A known 10 Hz alpha rhythm, blinks and noise; 4-16 channels at 250-1000 Hz (set below). No hardware needed.',
    needs: null,
  },
  { kind: 'muse', label: 'Muse 2 / Muse S', description: 'Bluetooth. 4 EEG channels at 256 Hz (TP9, AF7, AF8, TP10).', needs: 'webBluetooth' },
  { kind: 'ganglion', label: 'OpenBCI Ganglion', description: 'Bluetooth. 4 channels at 200 Hz.', needs: 'webBluetooth' },
  { kind: 'cyton', label: 'OpenBCI Cyton (+Daisy)', description: 'USB dongle (Web Serial). 8 or 16 channels at 250 / 125 Hz.', needs: 'webSerial' },
];
