// analyzeChannels: the ALBI entry point shared by the API and the studio. Per channel: statistics,
// Welch band powers (reference-file defaults), peak alpha, artifacts and quality; plus an overall
// confidence. Low-rate or short signals get statistics only, with `skipped` saying why.
import type { AlbiCore } from './albi-core.ts';
import type { AnalysisResult, Anomaly, ChannelAnalysis } from './analysis-types.ts';
import { DspError, DspStatus } from './dsp-error.ts';
import { getStatistics, type StatisticsOptions } from './statistics.ts';
import { getPsdWelch, getSpectrogram, type WelchOptions } from './spectral.ts';
import { DEFAULT_BANDS_HZ, DEFAULT_TOTAL_BAND_HZ, getBandPowers, getPeakFrequency } from './band-measures.ts';
import { detectRawArtifacts, detectSpectralArtifacts, type ArtifactOptions } from './artifacts.ts';
import { getChannelQuality, getConfidence } from './quality.ts';
import { requireSampleRate, requireSamples } from './validate.ts';

export type ChannelsInput = Record<string, ArrayLike<number>> | Array<{ label: string; samples: ArrayLike<number> }>;

export interface AnalyzeOptions extends ArtifactOptions {
  welch?: WelchOptions;
  statistics?: StatisticsOptions;
  /** Skip artifact detection and quality penalties from it (faster). Default false. */
  skipArtifacts?: boolean;
}

const PEAK_ALPHA_HZ = [8, 13] as const;

function toChannelList(channels: ChannelsInput): Array<{ label: string; samples: ArrayLike<number> }> {
  if (Array.isArray(channels)) {
    channels.forEach((c, i) => {
      if (!c || typeof c.label !== 'string') throw new DspError(DspStatus.param, `channels[${i}].label`, 'must be a string');
    });
    return channels;
  }
  if (!channels || typeof channels !== 'object') throw new DspError(DspStatus.length, 'channels', 'must be an object or array of channels');
  return Object.entries(channels).map(([label, samples]) => ({ label, samples }));
}

/** Why band powers cannot be computed at this rate and length, or undefined when they can. */
export function getSkipReason(sampleRateHz: number, length: number): string | undefined {
  const top = DEFAULT_TOTAL_BAND_HZ[1];
  if (sampleRateHz / 2 <= top) {
    return `sample rate ${sampleRateHz} Hz: its Nyquist frequency ${sampleRateHz / 2} Hz does not reach the ${top} Hz top of the bands`;
  }
  if (length < sampleRateHz) {
    return `${length} samples (${(length / sampleRateHz).toFixed(2)} s) is under 1 s: too short for 1 Hz spectral resolution`;
  }
  return undefined;
}

export function analyzeChannels(core: AlbiCore, channels: ChannelsInput, sampleRateHz: number, options: AnalyzeOptions = {}): AnalysisResult {
  const fs = requireSampleRate(sampleRateHz);
  const list = toChannelList(channels);
  if (list.length === 0) throw new DspError(DspStatus.length, 'channels', 'is empty; at least one channel is needed');
  const data = list.map(({ label, samples }) => ({ label, x: requireSamples(samples, `channels.${label}`) }));
  const n = data[0]!.x.length;
  const seen = new Set<string>();
  for (const { label } of data) {
    if (seen.has(label)) throw new DspError(DspStatus.param, `channels.${label}`, 'appears twice; channel labels must be unique');
    seen.add(label);
  }
  for (const { label, x } of data) {
    if (x.length !== n)
      throw new DspError(
        DspStatus.length,
        `channels.${label}`,
        `has ${x.length} samples but ${data[0]!.label} has ${n}; channels must be the same length`,
      );
  }
  const skipped = getSkipReason(fs, n);
  const result: AnalysisResult = { sampleRateHz: fs, channels: {}, anomalies: [], confidence: 0, ...(skipped ? { skipped } : {}) };
  for (const { label, x } of data) {
    const statistics = getStatistics(core, x, options.statistics, `channels.${label}`);
    const anomalies: Anomaly[] = options.skipArtifacts ? [] : detectRawArtifacts(core, label, x, fs, options);
    const analysis: ChannelAnalysis = { statistics, quality: { score: 1, reasons: [] } };
    if (!skipped) {
      const spectrum = getPsdWelch(core, x, fs, options.welch);
      analysis.bands = getBandPowers(core, spectrum, DEFAULT_BANDS_HZ, DEFAULT_TOTAL_BAND_HZ);
      analysis.peakAlphaHz = getPeakFrequency(core, spectrum, PEAK_ALPHA_HZ[0], PEAK_ALPHA_HZ[1]);
      if (!options.skipArtifacts) {
        const sg = options.muscle !== false && n >= 4 * fs ? getSpectrogram(core, x, fs) : null;
        anomalies.push(...detectSpectralArtifacts(core, label, x, fs, spectrum, sg, options));
      }
    }
    anomalies.sort((a, b) => a.startSample - b.startSample);
    analysis.quality = getChannelQuality(statistics, anomalies, n, skipped);
    result.channels[label] = analysis;
    result.anomalies.push(...anomalies);
  }
  result.confidence = getConfidence(
    Object.values(result.channels).map((c) => c.quality),
    n / fs,
    skipped !== undefined,
  );
  return result;
}
