import { WALLET_BANDS } from '@loyalty/core';
import { z } from 'zod';
import { SCORE_DECIMALS } from './churn-risk.js';
import { CurrencySchema } from './fields.js';
import { correctionShape, outputEnvelopeShape } from './output-envelope.js';

export { WALLET_BANDS, type WalletBand } from '@loyalty/core';
export const WalletBandSchema = z.enum(WALLET_BANDS);

export const WalletShareChangedEventSchema = z
  .object({
    type: z.literal('wallet-share-changed'),
    ...outputEnvelopeShape,
    ...correctionShape,
    previousBand: WalletBandSchema.nullable().describe(
      "null when the customer's first wallet estimate arrives.",
    ),
    newBand: WalletBandSchema.describe(
      "low below the rules file's wallet.mediumShare (default 0.2), medium below wallet.highShare (default 0.5), high from it on.",
    ),
    share: z
      .number()
      .describe(
        `spendMinor / walletMinor at occurredAt, rounded to ${SCORE_DECIMALS} decimal places; above 1 when the estimate is below what the customer already spends with us, negative when returns outweigh sales in the window.`,
      ),
    spendMinor: z
      .int()
      .describe(
        "Net spend with us (sales minus returns) in the rules' wallet.windowDays (default 365) up to occurredAt.",
      ),
    walletMinor: z.int().positive().describe('The latest wallet estimate at occurredAt.'),
    currency: CurrencySchema.describe('The base currency of spendMinor and walletMinor.'),
  })
  .refine((event) => event.newBand !== event.previousBand, {
    path: ['newBand'],
    error: 'must differ from previousBand',
  })
  .meta({
    title: 'wallet-share-changed v1',
    description:
      "A customer's share of wallet moved to another band (low, medium, high): what they spend with us over " +
      'their latest wallet estimate (docs/share-of-wallet.md); newBand always differs from previousBand.',
  });
export type WalletShareChangedEvent = z.infer<typeof WalletShareChangedEventSchema>;
