// JONA public API: load the kernel, build programs, render and stream WAV.
export { loadJona, compileJona, type JonaSource } from './load.ts';
export { JonaKernel, instantiateJona, type JonaExports } from './kernel.ts';
export { JonaError, VOICE_KINDS, PARAM_IDS, MAX_VOICES, BLOCK_MAX, PCM_BYTES, type VoiceKind, type ParamName, type Curve } from './kernel-abi.ts';
export { validateProgram, ProgramError, type Program, type ProgramEvent, type ParamEvent, type TriggerEvent, type VoiceSpec } from './program.ts';
export { ProgramPlayer, type ChunkSink, type PlayerCheckpoint } from './player.ts';
export { programFromRequest, PRESETS, type Mode, type Preset, type SynthesisRequest } from './presets.ts';
export { createWavStream, wavChunkFrames, type WavStream, type WavStreamOptions } from './wav-stream.ts';
export { writeWavHeader, type BitDepth } from './wav.ts';
export { scheduleToProgram, type Schedule, type ScheduleStep } from './schedule.ts';
export { parseSbg, SbgError, type SbgSequence, type SbgTone, type SbgToneSet, type SbgPeriod } from './sbagen-parse.ts';
export { sbgToProgram, previewSbgTimeline, formatTimeline, type TimelineEntry, type SbgOptions } from './sbagen-program.ts';
export { renderWav, type RenderWavOptions } from './render-wav.ts';
