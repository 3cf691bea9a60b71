/**
 * Maximum-likelihood BG/NBD estimates (Fader, Hardie & Lee 2005, estimated as in their paper by
 * maximising the sum of eq. 6 over customers), found by Nelder-Mead on the log-parameters so that
 * r, alpha, a and b stay positive without constraints.
 */
import type { BgNbdParams } from '../bgnbd.js';
import { type BgNbdObservation, bgnbdLogLikelihood, groupBgNbdObservations } from './bgnbd-likelihood.js';
import { type NelderMeadOptions, nelderMead } from './nelder-mead.js';

/** A fitted model: the estimates, their log-likelihood, and whether the optimiser converged. */
export interface BgNbdFit {
  readonly params: BgNbdParams;
  readonly logLikelihood: number;
  readonly converged: boolean;
  /** Customers in the fit (the sum of the counts). */
  readonly sampleSize: number;
}

/** Starting point and optimiser tuning of {@link fitBgNbd}. */
export interface BgNbdFitOptions {
  /** Default r = a = b = 1 and alpha matching the mean purchase rate r / alpha to Σx / ΣT. */
  readonly initial?: BgNbdParams;
  readonly optimiser?: NelderMeadOptions;
}

function defaultInitial(rows: readonly BgNbdObservation[]): BgNbdParams {
  let purchases = 0;
  let weeks = 0;
  for (const { x, T, count = 1 } of rows) {
    purchases += count * x;
    weeks += count * T;
  }
  const alpha = purchases > 0 && weeks > 0 ? weeks / purchases : 1;
  return { r: 1, alpha, a: 1, b: 1 };
}

/** Fits r, alpha, a, b to the rows by maximum likelihood; deterministic for a given input. */
export function fitBgNbd(rows: readonly BgNbdObservation[], options: BgNbdFitOptions = {}): BgNbdFit {
  const grouped = groupBgNbdObservations(rows);
  const initial = options.initial ?? defaultInitial(grouped);
  const fromLog = ([lr = 0, lalpha = 0, la = 0, lb = 0]: readonly number[]): BgNbdParams => ({
    r: Math.exp(lr),
    alpha: Math.exp(lalpha),
    a: Math.exp(la),
    b: Math.exp(lb),
  });
  // An exponent that over- or underflows yields a non-finite likelihood, which nelderMead treats
  // as +Infinity; no further guard is needed here.
  const result = nelderMead(
    (theta) => -bgnbdLogLikelihood(fromLog(theta), grouped),
    [initial.r, initial.alpha, initial.a, initial.b].map(Math.log),
    options.optimiser,
  );
  return {
    params: fromLog(result.x),
    logLikelihood: -result.value,
    converged: result.converged,
    sampleSize: grouped.reduce((n, row) => n + (row.count ?? 1), 0),
  };
}
