// Public entry of the ALBI wrapper: load the kernels, call typed methods, catch DspError.
export { loadAlbi, type AlbiSource } from './load-albi.ts';
export { Albi } from './albi.ts';
export { DspError, DspStatus } from './dsp-error.ts';
export type { Spectrum, Spectrogram, WelchOptions, WindowName } from './spectral.ts';
export { getDefaultNperseg, getRfftFrequencies } from './spectral.ts';
export { DEFAULT_BANDS_HZ, DEFAULT_TOTAL_BAND_HZ, type BandsHz } from './band-measures.ts';
export type { FilterType } from './filter-design.ts';
export { getSosfiltZi, getDefaultPadlen, getGroupDelay } from './filter-design.ts';
export type { SosState, PerformFilterOptions } from './filtering.ts';
export type { StatisticsOptions } from './statistics.ts';
export type { AnalyzeOptions, ChannelsInput } from './analyze-channels.ts';
export type { ArtifactOptions } from './artifacts.ts';
export type * from './analysis-types.ts';
