// Electrode names for numbered boards: checked, applied to the EEG stream only, and given to the
// acquisition pipeline, which names the stream every reader, recorder and export sees.
import { expect, test } from 'vitest';
import { createDevicePipeline } from '../acquisition/device-setup.ts';
import { cytonDescriptor } from './cyton/descriptor.ts';
import { applyMontage, checkMontage, MONTAGE_CHANNELS, MONTAGES, parseMontageText } from './montages.ts';

test('every offered montage fits its board and passes its own check', () => {
  for (const [kind, montages] of Object.entries(MONTAGES)) {
    const count = MONTAGE_CHANNELS[kind as keyof typeof MONTAGE_CHANNELS]!;
    for (const m of montages!) expect([m.id, checkMontage(m.labels, count)]).toEqual([m.id, []]);
  }
});

test('names that do not fit are refused, each problem named', () => {
  expect(checkMontage(['Fp1', 'fp1', 'C3'], 4)).toEqual(['3 names for 4 inputs', 'name 2 ("fp1") is used twice']);
  expect(checkMontage(['Fp1', '', 'a-very-long-electrode-name', '-x'], 4)).toEqual([
    'name 2 ("") must be 1-16 letters, digits, spaces or _ . \' -, starting with a letter or digit',
    'name 3 ("a-very-long-electrode-name") must be 1-16 letters, digits, spaces or _ . \' -, starting with a letter or digit',
    'name 4 ("-x") must be 1-16 letters, digits, spaces or _ . \' -, starting with a letter or digit',
  ]);
});

test('typed names split on commas (a name may hold a space) or else on white space', () => {
  expect(parseMontageText(' Fp1, Fp2 ,Left ear, O2 ')).toEqual(['Fp1', 'Fp2', 'Left ear', 'O2']);
  expect(parseMontageText('Fp1  Fp2\nC3\tC4')).toEqual(['Fp1', 'Fp2', 'C3', 'C4']);
});

test('a montage names the EEG stream only; units, rates and the accelerometer stay', () => {
  const named = applyMontage(cytonDescriptor(false), MONTAGES.cyton![0]!.labels);
  expect(named.streams[0]!.channels).toEqual(['Fp1', 'Fp2', 'C3', 'C4', 'P7', 'P8', 'O1', 'O2'].map((label) => ({ label, unit: 'uV' })));
  expect(named.streams[0]!.sampleRateHz).toBe(250);
  expect(named.streams[1]).toEqual(cytonDescriptor(false).streams[1]);
  expect(() => applyMontage(cytonDescriptor(true), MONTAGES.cyton![0]!.labels)).toThrow(
    'electrode names for OpenBCI Cyton + Daisy: 8 names for 16 inputs',
  );
});

test('the acquisition pipeline names the stream it records from the setup', () => {
  const labels = MONTAGES['cyton-daisy']![0]!.labels;
  const { descriptor } = createDevicePipeline({ kind: 'cyton-daisy', channelNames: labels });
  expect(descriptor.streams.find((s) => s.kind === 'eeg')!.channels.map((c) => c.label)).toEqual(labels);
  expect(createDevicePipeline({ kind: 'ganglion' }).descriptor.streams[0]!.channels.map((c) => c.label)).toEqual(['1', '2', '3', '4']);
  expect(() => createDevicePipeline({ kind: 'ganglion', channelNames: ['Fp1', 'Fp2'] })).toThrow('2 names for 4 inputs');
});
