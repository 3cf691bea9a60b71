/** Fits both CLV models on one calibration and returns the record to store. */
import { fitBgNbd } from './bgnbd-fit.js';
import { fitGammaGamma } from './gamma-gamma.js';
import { type ClvModelRecord, ClvModelRecordSchema } from './model-record.js';
import type { NelderMeadOptions } from './nelder-mead.js';
import type { RfmSummary } from './rfm-summary.js';

/** When the fit ran and which cut-off the summaries were built at; both supplied, as core reads no clock. */
export interface ClvFitContext {
  /** ISO 8601 UTC timestamp. */
  readonly fittedAt: string;
  /** ISO date of the cut-off day. */
  readonly cutoff: string;
  readonly optimiser?: NelderMeadOptions;
}

/**
 * Fits BG/NBD on all summaries and Gamma-Gamma on those with x > 0 and mx > 0, and returns the validated
 * record; throws a ZodError when the fit is unusable (e.g. q <= 1, a mean spend without bound).
 */
export function fitClvModel(customers: readonly RfmSummary[], context: ClvFitContext): ClvModelRecord {
  const optimiser = context.optimiser === undefined ? {} : { optimiser: context.optimiser };
  const bgnbd = fitBgNbd(customers, optimiser);
  const gammaGamma = fitGammaGamma(customers, optimiser);
  return ClvModelRecordSchema.parse({
    bgnbd: bgnbd.params,
    gammaGamma: gammaGamma.params,
    fittedAt: context.fittedAt,
    cutoff: context.cutoff,
    sampleSize: bgnbd.sampleSize,
    logLikelihood: bgnbd.logLikelihood,
    repeatSampleSize: gammaGamma.sampleSize,
    gammaGammaLogLikelihood: gammaGamma.logLikelihood,
  });
}
