import { z } from 'zod';
import { inputEnvelopeShape } from './envelope.js';
import { CurrencySchema, IdSchema } from './fields.js';
import { CURRENCY_LIMIT, inputMessageLimits } from './input-limits.js';
import { TOPICS } from './topics.js';

/** How an estimate of a customer's wallet was made. */
export const WALLET_ESTIMATE_METHODS = ['survey', 'declared', 'panel', 'model'] as const;

export const WalletEstimateEventSchema = z
  .object({
    type: z.literal('wallet-estimate'),
    ...inputEnvelopeShape,
    currency: CurrencySchema.describe(`${CurrencySchema.description} ${CURRENCY_LIMIT}`),
    walletMinor: z
      .int()
      .positive()
      .max(Number.MAX_SAFE_INTEGER)
      .describe(
        "The customer's wallet: what they are estimated to spend in a year on the categories the shops sell, " +
          'at every retailer, ours included, tax excluded, in minor units of the base currency. ' +
          "It replaces the customer's earlier estimates from occurredAt on.",
      ),
    method: z
      .enum(WALLET_ESTIMATE_METHODS)
      .describe(
        'survey: the customer answered a survey; declared: the customer stated it (e.g. at sign-up); ' +
          'panel: a consumer panel of similar households; model: a statistical model (e.g. from income and household size).',
      ),
    segmentId: IdSchema.optional().describe(
      'Set when the estimate is that of a segment the customer belongs to rather than their own (e.g. a panel ' +
        'cell or a postcode band), so that reports can tell personal estimates from segment ones.',
    ),
  })
  .meta({
    title: 'wallet-estimate v1',
    description: `An estimate of what a customer spends in a year on the shops' categories at all retailers, the denominator of their share of wallet. ${inputMessageLimits(TOPICS.walletEstimates)}`,
  });
export type WalletEstimateEvent = z.infer<typeof WalletEstimateEventSchema>;
