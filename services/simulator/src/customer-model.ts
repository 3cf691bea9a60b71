import { CATEGORIES, CATEGORY_COUNT } from './catalogue.js';
import type { TimeZone } from './clock.js';
import { beta, gamma, logNormal, weightedPick } from './distributions.js';
import type { Rng } from './prng.js';

/**
 * The parameters of the customer population. Purchasing follows BG/NBD (Fader, Hardie &
 * Lee 2005, "Counting your customers the easy way"): while alive a customer buys as a
 * Poisson process with rate lambda ~ Gamma(r, alpha), and after each purchase drops out
 * for good with probability p ~ Beta(a, b). Spend per order is lognormal around a
 * per-customer mean that is itself lognormal, which with the gamma rates gives the
 * customer pyramid: a few heavy spenders and a long tail.
 */
export const MODEL = {
  /** lambda per day ~ Gamma(shape r, scale 1 / alpha): a mean of one order in ~33 days. */
  purchaseRate: { r: 0.75, alphaDays: 25 },
  /** p ~ Beta(a, b): a mean dropout of ~10% per purchase, with a loyal core near 0. */
  dropout: { a: 0.8, b: 7 },
  /** Per-customer mean order value: median and log-scale spread, in minor units. */
  customerOrderValue: { medianMinor: 3_500, sigma: 0.85 },
  /** Spread of one order around the customer's mean, on a log scale. */
  orderValueSigma: 0.45,
  /** Share of customers who ever buy; the rest only meet marketing (prospects). */
  buyerShare: 0.85,
  /** Mean days from a customer's arrival to the first purchase. */
  firstPurchaseMeanDays: 10,
  /** Share of the base already known at the start, arriving in the first weeks. */
  existingShare: 0.4,
  existingArrivalDays: 30,
  /** How much more often an unhappy customer drops out after the next purchase. */
  dissatisfactionDropoutFactor: 2.5,
  maxDropout: 0.6,
} as const;

export const PURCHASE_CHANNELS_BY_USE = [
  ['pos', 0.55],
  ['ecommerce', 0.25],
  ['app', 0.15],
  ['phone', 0.05],
] as const;
export type PurchaseChannel = (typeof PURCHASE_CHANNELS_BY_USE)[number][0];

export interface Store {
  readonly storeId: string;
  readonly zone: TimeZone;
}

// Stores in three EU time zones: Western (Lisbon), Central (Berlin, Paris) and Eastern (Helsinki).
const ZONES: readonly (readonly [string, TimeZone, number])[] = [
  ['LIS', { standardOffsetMinutes: 0, euSummerTime: true }, 4],
  ['BER', { standardOffsetMinutes: 60, euSummerTime: true }, 8],
  ['PAR', { standardOffsetMinutes: 60, euSummerTime: true }, 8],
  ['HEL', { standardOffsetMinutes: 120, euSummerTime: true }, 4],
];

const STORES: readonly Store[] = ZONES.flatMap(([city, zone, count]) =>
  Array.from({ length: count }, (_, i) => ({
    storeId: `store-${city}-${String(i + 1).padStart(2, '0')}`,
    zone,
  })),
);

// Tastes by department; each customer leans to one, with a little of everything else.
const TASTES: readonly (readonly [readonly string[], number])[] = [
  [['pasta', 'sauce', 'cheese', 'wine', 'bakery', 'coffee'], 0.55],
  [['smartphones', 'phone-accessories', 'headphones'], 0.15],
  [['apparel', 'footwear'], 0.2],
  [['home', 'coffee', 'wine'], 0.1],
];
const OTHER_TASTE = 0.05;

/** What a customer is, drawn once when the customer arrives. */
export interface CustomerTraits {
  readonly purchaseRatePerDay: number;
  readonly baseDropout: number;
  readonly meanOrderMinor: number;
  /** Weight of each category (index into CATEGORIES) in the customer's choices. */
  readonly taste: Float32Array;
  readonly preferredChannel: PurchaseChannel;
  readonly homeStore: Store;
  /** Probability of being targeted by each weekly campaign. */
  readonly campaignReach: number;
  /** Multiplier of the channels' open rates: how much the customer reads marketing. */
  readonly engagement: number;
  /** Multiplier of the category return rates. */
  readonly returnPropensity: number;
}

function drawTaste(rng: Rng): Float32Array {
  const favourite = weightedPick(
    rng,
    TASTES.map(([names, weight]) => [names, weight] as const),
  );
  const taste = new Float32Array(CATEGORY_COUNT).fill(OTHER_TASTE);
  for (let c = 0; c < CATEGORY_COUNT; c++) {
    if (favourite.includes(CATEGORIES[c]?.name ?? '')) taste[c] = gamma(rng, 2, 0.5);
  }
  return taste;
}

/** Draws the traits of one customer; a prospect has a purchase rate of zero. */
export function drawTraits(rng: Rng, buyer: boolean): CustomerTraits {
  const { purchaseRate, dropout, customerOrderValue } = MODEL;
  return {
    purchaseRatePerDay: buyer ? gamma(rng, purchaseRate.r, 1 / purchaseRate.alphaDays) : 0,
    baseDropout: beta(rng, dropout.a, dropout.b),
    meanOrderMinor: logNormal(rng, Math.log(customerOrderValue.medianMinor), customerOrderValue.sigma),
    taste: drawTaste(rng),
    preferredChannel: weightedPick(rng, PURCHASE_CHANNELS_BY_USE),
    homeStore: rng.pick(STORES),
    campaignReach: rng.between(0.03, 0.15),
    engagement: beta(rng, 2, 2) * 2,
    returnPropensity: gamma(rng, 2, 0.5),
  };
}

/**
 * One customer's identity, traits and mutable state. All of a customer's randomness comes
 * from its own Rng, so its history does not depend on the other customers.
 */
export class Customer {
  readonly id: string;
  private readonly hex: string;
  readonly traits: CustomerTraits;
  /** False once the customer dropped out (BG/NBD): no more purchases, ever. */
  alive = true;
  /** False after an unsubscribe or a hard bounce: no more campaigns. */
  reachable = true;
  dropout: number;
  /** Probability of referring someone after opening a campaign; satisfied customers refer more. */
  referralPropensity: number;
  private events = 0;
  private orders = 0;
  private complaints = 0;

  constructor(
    readonly rng: Rng,
    buyer: boolean,
  ) {
    this.hex = rng.hex64();
    this.id = `cus-${this.hex}`;
    this.traits = drawTraits(rng, buyer);
    this.dropout = this.traits.baseDropout;
    this.referralPropensity = 0.02;
  }

  /** A fresh event id, unique across customers and seeds (the customer part is 64 random bits). */
  nextEventId(): string {
    this.events += 1;
    return `evt-${this.hex}-${this.events.toString(36)}`;
  }

  /**
   * The id of the customer's one wallet estimate, apart from nextEventId's sequence so that the
   * estimate leaves the ids of the customer's other events as they would have been.
   */
  walletEstimateId(): string {
    return `wal-${this.hex}`;
  }

  /** A fresh order id (sales and return documents share the sequence). */
  nextOrderId(): string {
    this.orders += 1;
    return `ord-${this.hex}-${this.orders.toString(36)}`;
  }

  /** A fresh complaint id. */
  nextComplaintId(): string {
    this.complaints += 1;
    return `cpl-${this.hex}-${this.complaints.toString(36)}`;
  }

  /** Service that went badly makes leaving likelier (satisfaction drives loyalty). */
  sour(): void {
    this.dropout = Math.min(MODEL.maxDropout, this.dropout * MODEL.dissatisfactionDropoutFactor);
  }
}
