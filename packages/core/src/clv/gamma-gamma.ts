/**
 * The Gamma-Gamma model of spend per transaction: Colombo & Jiang (1999), "A stochastic RFM model",
 * Journal of Interactive Marketing 13(3), as used by Fader, Hardie & Lee (2005), "RFM and CLV: Using
 * Iso-Value Curves for Customer Base Analysis", Journal of Marketing Research 42(4), and
 * Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value". A customer's transaction values
 * are Gamma(p, nu); nu varies across customers as Gamma(q, gamma). For a customer with x
 * transactions of mean m_x, the density of m_x is
 *
 *   f(m_x | p, q, gamma, x) = Γ(px + q) / (Γ(px) Γ(q)) * gamma^q m_x^(px - 1) x^(px) / (gamma + x m_x)^(px + q)
 *
 * and the expected mean spend given the data is
 *
 *   E[M | p, q, gamma, m_x, x] = p (gamma + x m_x) / (px + q - 1),
 *
 * a weighted average of the population mean p gamma / (q - 1) and the observed m_x.
 */
import { lnGamma } from './ln-gamma.js';
import { type NelderMeadOptions, nelderMead } from './nelder-mead.js';

/** The three Gamma-Gamma parameters: p (shape of each customer's spend), q and gamma (across customers). */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

/**
 * A repeat customer's spend summary, or `count` identical ones: x repeat transactions (x > 0) of
 * mean value mx (> 0), in any currency unit.
 */
export interface GammaGammaObservation {
  readonly x: number;
  readonly mx: number;
  /** How many customers share this summary; default 1. */
  readonly count?: number;
}

/** A fitted spend model: the estimates, their log-likelihood, and whether the optimiser converged. */
export interface GammaGammaFit {
  readonly params: GammaGammaParams;
  readonly logLikelihood: number;
  readonly converged: boolean;
  /** Repeat customers in the fit (the sum of the counts of rows with x > 0 and mx > 0). */
  readonly sampleSize: number;
}

/** Starting point and optimiser tuning of {@link fitGammaGamma}. */
export interface GammaGammaFitOptions {
  /** Default p = 1, q = 2 and gamma = the mean of mx, whose population mean p gamma / (q - 1) is then mean(mx). */
  readonly initial?: GammaGammaParams;
  readonly optimiser?: NelderMeadOptions;
}

/** The Gamma-Gamma log-likelihood of the rows (each weighted by its count); rows need x > 0. */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  rows: readonly GammaGammaObservation[],
): number {
  const { p, q, gamma } = params;
  const constant = -lnGamma(q) + q * Math.log(gamma);
  let total = 0;
  for (const { x, mx, count = 1 } of rows) {
    const px = p * x;
    total +=
      count *
      (lnGamma(px + q) -
        lnGamma(px) +
        constant +
        (px - 1) * Math.log(mx) +
        px * Math.log(x) -
        (px + q) * Math.log(gamma + x * mx));
  }
  return total;
}

/**
 * Fits p, q, gamma by maximum likelihood on the rows with x > 0 and mx > 0 (a customer without a
 * repeat transaction says nothing about repeat spend, and Gamma spend is positive, so a mean of
 * refunds is outside the model); deterministic for a given input.
 */
export function fitGammaGamma(
  rows: readonly GammaGammaObservation[],
  options: GammaGammaFitOptions = {},
): GammaGammaFit {
  const repeat = rows.filter((row) => row.x > 0 && row.mx > 0);
  const sampleSize = repeat.reduce((n, row) => n + (row.count ?? 1), 0);
  const meanSpend = repeat.reduce((s, row) => s + (row.count ?? 1) * row.mx, 0) / sampleSize;
  const initial = options.initial ?? { p: 1, q: 2, gamma: meanSpend > 0 ? meanSpend : 1 };
  const fromLog = ([lp = 0, lq = 0, lgamma = 0]: readonly number[]): GammaGammaParams => ({
    p: Math.exp(lp),
    q: Math.exp(lq),
    gamma: Math.exp(lgamma),
  });
  const result = nelderMead(
    (theta) => -gammaGammaLogLikelihood(fromLog(theta), repeat),
    [initial.p, initial.q, initial.gamma].map(Math.log),
    options.optimiser,
  );
  return { params: fromLog(result.x), logLikelihood: -result.value, converged: result.converged, sampleSize };
}

/** E[M | m_x, x]: a customer's expected mean spend per transaction; x = 0 gives the population mean (needs q > 1). */
export function conditionalExpectedSpend(params: GammaGammaParams, mx: number, x: number): number {
  const { p, q, gamma } = params;
  return (p * (gamma + x * mx)) / (p * x + q - 1);
}
