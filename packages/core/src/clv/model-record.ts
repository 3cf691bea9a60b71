/**
 * The stored form of a fitted CLV model, so that the aggregator can keep one in Redis or
 * ClickHouse and check it when reading it back.
 */
import { z } from 'zod';

const positive = z.number().positive();

/** BG/NBD parameters (time in weeks): all positive and finite. */
export const ClvBgNbdParamsSchema = z.strictObject({
  r: positive,
  alpha: positive,
  a: positive,
  b: positive,
});

/** Gamma-Gamma parameters; q > 1 because the population mean spend p gamma / (q - 1) is finite only then. */
export const GammaGammaParamsSchema = z.strictObject({ p: positive, q: z.number().gt(1), gamma: positive });

/**
 * A fitted model: BG/NBD on every customer's calibration summary, Gamma-Gamma on the repeat
 * customers, at a cut-off date. sampleSize and logLikelihood are the BG/NBD fit's;
 * repeatSampleSize and gammaGammaLogLikelihood the Gamma-Gamma fit's.
 */
export const ClvModelRecordSchema = z.strictObject({
  bgnbd: ClvBgNbdParamsSchema,
  gammaGamma: GammaGammaParamsSchema,
  /** When the fit ran, ISO 8601 UTC (e.g. 2024-05-01T03:00:00.000Z). */
  fittedAt: z.iso.datetime(),
  /** The last day of the calibration period, ISO date (e.g. 1997-09-30). */
  cutoff: z.iso.date(),
  sampleSize: z.int().nonnegative(),
  logLikelihood: z.number(),
  repeatSampleSize: z.int().nonnegative(),
  gammaGammaLogLikelihood: z.number(),
});

export type ClvModelRecord = z.output<typeof ClvModelRecordSchema>;
