// Wire schemas of /api/v1/me/calibrations, shared by the API and the studio: the neurofeedback
// baseline (workers/audio/neurofeedback.ts, Calibration) kept per account, per headset and target.
import { z } from 'zod';

const finite = z.number().min(-1e12).max(1e12);
const bandMeans = z.partialRecord(z.enum(['delta', 'theta', 'alpha', 'beta', 'gamma']), finite);
const conditionStats = z.strictObject({ mean: finite, sd: finite, frames: z.number().int().min(0) });

export const trainingTargetSchema = z.enum(['relaxation', 'focus']);

export const calibrationSchema = z.strictObject({
  target: trainingTargetSchema,
  /** Raw metric at the score's 0 and 1 points. */
  zeroAt: finite,
  oneAt: finite,
  /** Spread of the raw metric in each condition. */
  open: conditionStats.optional(),
  closed: conditionStats.optional(),
  bands: z.strictObject({ open: bandMeans, closed: bandMeans }).optional(),
  /** When it was made, epoch ms (required: the newest one wins). */
  madeAtMs: z.number().min(0).max(8.64e15),
});

/** The device as the studio names it ('Muse-1324', 'Synthetic headset'): 1-128 characters. */
export const calibrationDeviceSchema = z.string().min(1).max(128);

export const keptCalibrationSchema = z.object({
  device: z.string(),
  target: trainingTargetSchema,
  calibration: calibrationSchema,
  madeAt: z.string(),
});

export const calibrationListSchema = z.object({ calibrations: z.array(keptCalibrationSchema) });
export type ServerCalibration = z.infer<typeof keptCalibrationSchema>;
