// The electrode names chosen per board are kept for its next connection; what no longer fits is dropped.
import { expect, test } from 'vitest';
import type { KeyValueStore } from '../listen/calibration-store.ts';
import { loadMontageChoice, montageLabels, MONTAGES_KEY, saveMontageChoice } from './montage-store.ts';

const memory = (): KeyValueStore & { map: Map<string, string> } => {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
};

test('each board keeps its own choice; the first layout until one is made', () => {
  const store = memory();
  expect(loadMontageChoice(store, 'cyton')).toEqual({ montageId: 'ultracortex-8' });
  saveMontageChoice(store, 'cyton', { montageId: 'headband-8' });
  const own = ['Fp1', 'Fp2', 'AF7', 'AF8'];
  saveMontageChoice(store, 'ganglion', { montageId: 'custom', labels: own });
  expect(loadMontageChoice(store, 'cyton')).toEqual({ montageId: 'headband-8' });
  expect(montageLabels('ganglion', loadMontageChoice(store, 'ganglion')!)).toEqual(own);
  expect(loadMontageChoice(store, 'cyton-daisy')).toEqual({ montageId: 'ultracortex-16' });
  expect(loadMontageChoice(store, 'muse')).toBeNull(); // fixed electrodes
});

test('names that do not fit are not kept, and a damaged entry is as good as none', () => {
  const store = memory();
  expect(() => saveMontageChoice(store, 'ganglion', { montageId: 'custom', labels: ['Fp1', 'Fp1', 'O1', 'O2'] })).toThrow(
    'name 2 ("Fp1") is used twice',
  );
  expect(() => saveMontageChoice(store, 'muse', { montageId: 'ultracortex-8' })).toThrow('muse has fixed electrodes');
  store.setItem(MONTAGES_KEY, JSON.stringify({ ganglion: { montageId: 'custom', labels: ['Fp1'] }, cyton: { montageId: 'gone' } }));
  expect(loadMontageChoice(store, 'ganglion')).toEqual({ montageId: 'frontal-occipital-4' });
  expect(loadMontageChoice(store, 'cyton')).toEqual({ montageId: 'ultracortex-8' });
  store.setItem(MONTAGES_KEY, '{not json');
  expect(loadMontageChoice(store, 'cyton')).toEqual({ montageId: 'ultracortex-8' });
});
