// The choices on the Connect screen, as data: which transport each needs, so a browser without it
// shows why a button is unavailable instead of failing on click.
import type { Capabilities } from '../../app/capabilities.ts';
import type { DeviceKind } from '../../../../workers/protocol/streams.ts';
import { ATHENA_DEFAULT_PRESET, ATHENA_PRESETS, type AthenaPresetId } from '../../../../workers/devices/muse-athena/descriptor.ts';
import type { MusePreset } from '../../../../workers/devices/muse/descriptor.ts';

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
  {
    kind: 'muse',
    label: 'Muse 2 / Muse S / Muse S Athena',
    description:
      'Bluetooth. Muse 2016, Muse 2, Muse S: 4 EEG channels at 256 Hz (TP9, AF7, AF8, TP10). Muse S Athena (recognised by itself): the preset chosen below.',
    needs: 'webBluetooth',
  },
  { kind: 'ganglion', label: 'OpenBCI Ganglion', description: 'Bluetooth. 4 channels at 200 Hz.', needs: 'webBluetooth' },
  {
    kind: 'heart-rate-strap',
    label: 'Heart-rate strap (Bluetooth)',
    description: 'Bluetooth. Any strap with the standard Heart Rate service (Polar, Garmin, Wahoo): heart rate (bpm) and RR intervals (ms).',
    needs: 'webBluetooth',
  },
  { kind: 'cyton', label: 'OpenBCI Cyton (+Daisy)', description: 'USB dongle (Web Serial). 8 or 16 channels at 250 / 125 Hz.', needs: 'webSerial' },
];

/** Muse 2016 / Muse 2 / Muse S gen 1 presets the Connect screen offers; PPG (the heart rate) needs p50 or p51. */
export const musePresetChoices: { id: MusePreset; label: string }[] = [
  { id: 'p21', label: 'p21: 4 EEG + motion' },
  { id: 'p20', label: 'p20: 4 EEG + AUX + motion' },
  { id: 'p50', label: 'p50: 4 EEG + AUX + motion + PPG (heart rate)' },
  { id: 'p51', label: 'p51: 4 EEG + motion + PPG (heart rate)' },
];
export const defaultMusePreset: MusePreset = 'p21';

/** Muse S Athena presets the Connect screen offers (4 or 8 EEG channels, with or without optics). */
export const athenaPresetChoices: { id: AthenaPresetId; label: string }[] = ATHENA_PRESETS.map((p) => ({ id: p.id, label: `${p.id}: ${p.label}` }));
export const defaultAthenaPreset: AthenaPresetId = ATHENA_DEFAULT_PRESET;
