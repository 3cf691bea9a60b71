import { z } from 'zod';
import { COMPLAINT_SEVERITIES } from './history.js';

const days = (fallback: number) => z.int().positive().default(fallback);
const minor = (fallback: number) => z.int().nonnegative().default(fallback);
const count = (fallback: number) => z.int().positive().default(fallback);
const probability = (fallback: number) => z.number().gt(0).lt(1).default(fallback);
const positive = (fallback: number) => z.number().positive().default(fallback);

const TierRulesSchema = z
  .strictObject({
    /** Spend counts while its entry is in (t - window, t]. */
    qualificationWindowDays: days(365),
    ironMinSpendMinor: minor(15_000),
    goldMinSpendMinor: minor(80_000),
    platinumMinSpendMinor: minor(200_000),
    /** A lower qualifying tier takes effect only after this long. */
    downgradeGraceDays: days(30),
  })
  .refine((tier) => tier.ironMinSpendMinor <= tier.goldMinSpendMinor, {
    path: ['goldMinSpendMinor'],
    error: 'must be >= ironMinSpendMinor',
  })
  .refine((tier) => tier.goldMinSpendMinor <= tier.platinumMinSpendMinor, {
    path: ['platinumMinSpendMinor'],
    error: 'must be >= goldMinSpendMinor',
  });

const StageRulesSchema = z
  .strictObject({
    /** Orders and referrals count for client and advocate while in (t - window, t]. */
    windowDays: days(365),
    clientMinOrdersInWindow: count(4),
    repeatMinOrders: count(2),
  })
  .refine((stage) => stage.repeatMinOrders <= stage.clientMinOrdersInWindow, {
    path: ['clientMinOrdersInWindow'],
    error: 'must be >= repeatMinOrders',
  });

/** BG/NBD parameters with time in weeks; the defaults are the CDNOW estimates of Fader, Hardie & Lee (2005). */
const BgNbdParamsSchema = z.strictObject({
  r: positive(0.243),
  alpha: positive(4.414),
  a: positive(0.793),
  b: positive(2.426),
});

const ChurnRulesSchema = z
  .strictObject({
    bgnbd: BgNbdParamsSchema.prefault({}),
    highMaxPAlive: probability(0.3),
    mediumMaxPAlive: probability(0.6),
    singlePurchaseHighDays: days(365),
    singlePurchaseMediumDays: days(180),
    severeComplaintOpenDays: days(7),
    severeSeverities: z.array(z.enum(COMPLAINT_SEVERITIES)).default(['high', 'critical']),
    poorSatisfactionMax: z.number().default(2),
  })
  .refine((churn) => churn.highMaxPAlive < churn.mediumMaxPAlive, {
    path: ['mediumMaxPAlive'],
    error: 'must be > highMaxPAlive',
  })
  .refine((churn) => churn.singlePurchaseMediumDays <= churn.singlePurchaseHighDays, {
    path: ['singlePurchaseHighDays'],
    error: 'must be >= singlePurchaseMediumDays',
  });

/**
 * The value pyramid: customers ranked by value (predicted CLV where a model is fitted, else
 * trailing 12-month net spend), platinum the top platinumShare, gold the next goldShare, iron
 * the next ironShare, lead the rest.
 */
const PyramidRulesSchema = z
  .strictObject({
    platinumShare: probability(0.01),
    goldShare: probability(0.04),
    ironShare: probability(0.15),
  })
  .refine((pyramid) => pyramid.platinumShare + pyramid.goldShare + pyramid.ironShare < 1, {
    path: ['ironShare'],
    error: 'platinumShare + goldShare + ironShare must be below 1 (lead is the rest)',
  });

/**
 * Share of wallet: net spend with us in (t - windowDays, t] over the customer's latest wallet
 * estimate (a year's spend on the shops' categories at every retailer). The share falls in band
 * low below mediumShare, medium below highShare, high from highShare on.
 */
const WalletRulesSchema = z
  .strictObject({
    windowDays: days(365),
    mediumShare: probability(0.2),
    highShare: probability(0.5),
  })
  .refine((wallet) => wallet.mediumShare < wallet.highShare, {
    path: ['highShare'],
    error: 'must be > mediumShare',
  });

/**
 * The configurable rules. Unknown keys are rejected so that a misspelt rule fails at start-up
 * instead of silently keeping its default. Money is integer minor units; durations whole days.
 */
export const RulesSchema = z.strictObject({
  tier: TierRulesSchema.prefault({}),
  stage: StageRulesSchema.prefault({}),
  churn: ChurnRulesSchema.prefault({}),
  pyramid: PyramidRulesSchema.prefault({}),
  wallet: WalletRulesSchema.prefault({}),
});

export type Rules = z.output<typeof RulesSchema>;
export type RulesInput = z.input<typeof RulesSchema>;

/** The product's default rules. */
export const DEFAULT_RULES: Rules = RulesSchema.parse({});
