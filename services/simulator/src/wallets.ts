import { SCHEMA_VERSION, type WalletEstimateEvent } from '@loyalty/contracts';
import { formatInstant, UTC } from './clock.js';
import { type Customer, type CustomerTraits, MODEL } from './customer-model.js';
import { beta, logNormal } from './distributions.js';
import { hash32, Rng } from './prng.js';
import type { Simulation } from './simulation.js';

/**
 * Share of wallet: a buyer spends a latent share of their wallet (a year's spend on the shops'
 * categories at every retailer) with us, so their true wallet is their expected yearly spend with
 * us over that share. Some buyers answer a survey once, which estimates the wallet with a
 * lognormal error; a consumer panel gives some others the estimate of their cell, the same for
 * every member. `loyalty report share-of-wallet` reads these estimates.
 */
export const WALLET_MODEL = {
  /** The true share ~ Beta(a, b): a mean of 1/3, from a few percent to most of the wallet. */
  share: { a: 2, b: 4 },
  /** Share of buyers who answer the survey, once, at a moment drawn over their time with us. */
  surveyShare: 0.3,
  /** A survey answer is the true wallet times exp(N(0, sigma)). */
  surveySigma: 0.2,
  /** Share of the other buyers given their panel cell's estimate, at a moment drawn likewise. */
  panelShare: 0.15,
} as const;

/** A customer's wallet as the simulation knows it. */
export interface TrueWallet {
  readonly share: number;
  /** The expected yearly spend with us over the share, minor units. */
  readonly walletMinor: number;
}

const DAYS_PER_YEAR = 365;
const SALT_WALLET = 0x3a11;
const SURVEY_SOURCE = 'survey-tool';
const PANEL_SOURCE = 'consumer-panel';

/**
 * The spend of a buyer's first year while alive: the first order (which comes within days
 * whatever the rate), then the Poisson clock's, each of the mean of the lognormal order value.
 */
function expectedYearlySpendMinor(traits: CustomerTraits): number {
  if (traits.purchaseRatePerDay <= 0) return 0;
  const orders = 1 + traits.purchaseRatePerDay * DAYS_PER_YEAR;
  return orders * traits.meanOrderMinor * Math.exp(MODEL.orderValueSigma ** 2 / 2);
}

/** Draws a buyer's true share and wallet; a prospect, who never buys, has no share to draw. */
export function drawTrueWallet(rng: Rng, traits: CustomerTraits): TrueWallet | undefined {
  const spend = expectedYearlySpendMinor(traits);
  if (spend <= 0) return undefined;
  const share = beta(rng, WALLET_MODEL.share.a, WALLET_MODEL.share.b);
  return { share, walletMinor: spend / share };
}

/** A survey answer: the true wallet with a lognormal error, in whole minor units (at least 1). */
export function surveyEstimateMinor(rng: Rng, walletMinor: number): number {
  return Math.max(1, Math.round(logNormal(rng, Math.log(walletMinor), WALLET_MODEL.surveySigma)));
}

/**
 * The consumer panel's cell of a wallet and the cell's estimate: cells are wallets within a
 * factor of 2 (a power-of-two band of minor units), and a cell's estimate is the band's
 * geometric centre, so that every member of a cell gets the same estimate.
 */
export function panelCell(walletMinor: number): { readonly segmentId: string; readonly walletMinor: number } {
  const band = Math.floor(Math.log2(walletMinor));
  return { segmentId: `panel-cell-${band}`, walletMinor: Math.max(1, Math.round(2 ** (band + 0.5))) };
}

/**
 * Draws a newly arrived customer's wallet and schedules the estimate made of it, if any. The
 * draws come from a stream of their own, and the estimate's id from a sequence of its own, so
 * that every other event of the customer stays as it would have been.
 */
export function startWallet(sim: Simulation, customer: Customer, arrivedAtMs: number): void {
  const idHash = hash32(...Array.from(customer.id, (c) => c.charCodeAt(0)));
  const rng = Rng.fromParts(sim.seed, idHash, SALT_WALLET);
  const wallet = drawTrueWallet(rng, customer.traits);
  if (wallet === undefined) return;
  const surveyed = rng.chance(WALLET_MODEL.surveyShare);
  if (!surveyed && !rng.chance(WALLET_MODEL.panelShare)) return;
  const atMs = Math.floor(rng.between(arrivedAtMs, sim.endMs));
  const common = {
    type: 'wallet-estimate',
    eventId: customer.walletEstimateId(),
    customerId: customer.id,
    occurredAt: formatInstant(atMs, UTC),
    schemaVersion: SCHEMA_VERSION,
    currency: sim.currency,
  } as const;
  const event: WalletEstimateEvent = surveyed
    ? {
        ...common,
        source: SURVEY_SOURCE,
        walletMinor: surveyEstimateMinor(rng, wallet.walletMinor),
        method: 'survey',
      }
    : { ...common, source: PANEL_SOURCE, method: 'panel', ...panelCell(wallet.walletMinor) };
  sim.schedule(atMs, { kind: 'wallet-estimate', event });
}
