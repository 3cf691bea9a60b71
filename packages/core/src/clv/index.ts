export { conditionalExpectedPurchases, expectedPurchases } from './bgnbd-expectation.js';
export { type BgNbdFit, type BgNbdFitOptions, fitBgNbd } from './bgnbd-fit.js';
export { type BgNbdObservation, bgnbdLogLikelihood, groupBgNbdObservations } from './bgnbd-likelihood.js';
export {
  type CalibrationGroup,
  type CalibrationInput,
  type CalibrationPlots,
  type ConditionalRow,
  calibrationPlots,
  holdoutTotals,
  type TrackingWeek,
} from './calibration-plots.js';
export {
  type ClvModel,
  type ClvOptions,
  customerLifetimeValue,
  WEEKS_PER_MONTH,
  WEEKS_PER_YEAR,
} from './clv.js';
export { type ClvFitContext, fitClvModel } from './fit-clv-model.js';
export {
  conditionalExpectedSpend,
  fitGammaGamma,
  type GammaGammaFit,
  type GammaGammaFitOptions,
  type GammaGammaObservation,
  type GammaGammaParams,
  gammaGammaLogLikelihood,
} from './gamma-gamma.js';
export {
  ClvBgNbdParamsSchema,
  type ClvModelRecord,
  ClvModelRecordSchema,
  GammaGammaParamsSchema,
} from './model-record.js';
export type { NelderMeadOptions } from './nelder-mead.js';
export { type DayPurchase, type RfmSummary, rfmSummary } from './rfm-summary.js';
export { fromModelSpend, MINOR_UNITS_PER_MAJOR, toModelSpend } from './spend-units.js';
