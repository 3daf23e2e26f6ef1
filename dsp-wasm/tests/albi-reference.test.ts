// ALBI against SciPy/MNE reference results on every real recording in tests/data/eeg, through
// the built albi.wasm: statistics to 1e-9, band powers to 1e-7, peak alpha exact, channel-0 PSD to
// 1e-7, and the S001R01 filter reference (butter + iirnotch + sosfiltfilt) to 1e-7 relative RMS.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAlbi, type Albi } from '../src/index.ts';
import { eegDir, listReferenceFiles, loadChannels, loadReference, maxRelErr, readNpy, relErr, relRms } from './support/reference.ts';

let albi: Albi;
beforeAll(async () => {
  albi = await loadAlbi();
});

const files = listReferenceFiles();

describe('reference recordings', () => {
  it('finds all five shared recordings', () => {
    expect(files.length).toBe(5);
  });

  for (const name of files) {
    it(`${name}: analyzeChannels matches the reference`, () => {
      const ref = loadReference(name);
      const channels = loadChannels(name, ref);
      const result = albi.analyzeChannels(channels, ref.fs_hz);
      expect(Object.keys(result.channels)).toEqual(ref.channels.map((c) => c.name));
      for (const rc of ref.channels) {
        const got = result.channels[rc.name]!;
        for (const key of ['mean', 'std', 'min', 'max'] as const) {
          expect(relErr(got.statistics[key], rc[key]), `${rc.name} ${key} ${got.statistics[key]} vs ${rc[key]}`).toBeLessThan(1e-9);
        }
        if (!rc.abs_band_power) {
          expect(got.bands).toBeUndefined();
          continue;
        }
        for (const band of Object.keys(rc.abs_band_power)) {
          const b = band as keyof NonNullable<typeof got.bands>['absolute'];
          expect(relErr(got.bands!.absolute[b], rc.abs_band_power[band]!), `${rc.name} abs ${band}`).toBeLessThan(1e-7);
          expect(relErr(got.bands!.relative[b], rc.rel_band_power![band]!), `${rc.name} rel ${band}`).toBeLessThan(1e-7);
        }
        expect(relErr(got.bands!.totalPower, rc.total_power_0p5_45!)).toBeLessThan(1e-7);
        expect(got.peakAlphaHz, `${rc.name} peak alpha`).toBe(rc.peak_alpha_hz);
      }
      if (ref.welch === null) {
        expect(result.skipped).toMatch(/Nyquist/);
      } else {
        expect(result.skipped).toBeUndefined();
      }
      expect(result.confidence).toBeGreaterThanOrEqual(0);
      expect(result.confidence).toBeLessThanOrEqual(1);
    });

    it(`${name}: PSD of channel 0 matches scipy.signal.welch`, () => {
      const ref = loadReference(name);
      if (!ref.psd_channel_index0 || !ref.welch) {
        expect(ref.welch).toBeNull(); // statistics-only file (1 sample/s)
        return;
      }
      const [first] = loadChannels(name, ref);
      const spectrum = albi.getPsdWelch(first!.samples, ref.fs_hz);
      expect(spectrum.frequenciesHz.length).toBe(ref.welch.nperseg / 2 + 1); // defaults = the reference's rule
      expect(maxRelErr(spectrum.frequenciesHz, ref.psd_channel_index0.f_hz)).toBeLessThan(1e-12);
      expect(maxRelErr(spectrum.psd, ref.psd_channel_index0.psd)).toBeLessThan(1e-7);
    });
  }
});

describe('S001R01 filter reference', () => {
  const info = JSON.parse(readFileSync(path.join(eegDir, 'S001R01.edf.filtered_ch1.json'), 'utf8')) as {
    sos: number[][];
    input_first_10: number[];
    output_first_2000: number[];
    fs_hz: number;
  };

  it('our butter(4, [1, 40], bandpass) + iirnotch(60, 30) equals the reference sos', () => {
    const sos = [...albi.designButterworth(4, [1, 40], 'bandpass', info.fs_hz), ...albi.designNotch(60, 30, info.fs_hz)];
    expect(sos.length).toBe(30);
    expect(maxRelErr(sos, info.sos.flat())).toBeLessThan(1e-9);
  });

  it('sosfiltfilt of channel Fc5. matches SciPy to 1e-7 relative RMS', () => {
    const ref = loadReference('S001R01.edf');
    const [fc5] = loadChannels('S001R01.edf', ref);
    // MNE's scaling left ~1e-15 rounding in the reference input (-54.99999999999999 for -55).
    expect(maxRelErr(fc5!.samples.subarray(0, 10), info.input_first_10)).toBeLessThan(1e-12);
    const sos = [...albi.designButterworth(4, [1, 40], 'bandpass', info.fs_hz), ...albi.designNotch(60, 30, info.fs_hz)];
    const y = albi.sosfiltfilt(sos, fc5!.samples);
    expect(relRms(y.subarray(0, 2000), info.output_first_2000)).toBeLessThan(1e-7);
    // The full output is stored as float32, so compare it at float32 precision.
    const full = readNpy(path.join(eegDir, 'S001R01.edf.filtered_ch1.npy'));
    expect(full.length).toBe(y.length);
    expect(relRms(y, full)).toBeLessThan(1e-6);
  });
});
