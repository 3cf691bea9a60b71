import { z } from 'zod';
import { inputEnvelopeShape } from './envelope.js';
import { CurrencySchema, IdSchema, MinorAmountSchema } from './fields.js';
import { CURRENCY_LIMIT, CUSTOMER_MONEY_LIMIT, inputMessageLimits } from './input-limits.js';
import { TOPICS } from './topics.js';

export const PURCHASE_CHANNELS = ['pos', 'ecommerce', 'app', 'phone'] as const;
export const PURCHASE_KINDS = ['sale', 'return'] as const;

export const PurchaseLineSchema = z.object({
  sku: IdSchema,
  category: z.string().min(1).max(128),
  quantity: z.int().positive(),
  unitPriceMinor: MinorAmountSchema,
});
export type PurchaseLine = z.infer<typeof PurchaseLineSchema>;

const purchaseShape = {
  type: z.literal('purchase'),
  ...inputEnvelopeShape,
  orderId: IdSchema,
  channel: z.enum(PURCHASE_CHANNELS),
  storeId: IdSchema.optional(),
  currency: CurrencySchema.describe(`${CurrencySchema.description} ${CURRENCY_LIMIT}`),
  totalMinor: MinorAmountSchema.describe(
    'Loyalty spend in minor units, tax excluded: exactly sum(quantity x unitPriceMinor) - discountMinor ' +
      `[lines_total_mismatch]. ${CUSTOMER_MONEY_LIMIT}`,
  ),
  lines: z.array(PurchaseLineSchema).min(1),
  discountMinor: MinorAmountSchema.default(0),
};

const SaleSchema = z.object({
  ...purchaseShape,
  kind: z.literal('sale'),
  returnOfOrderId: z.never({ error: 'only allowed when kind is return' }).optional(),
});

const ReturnSchema = z.object({
  ...purchaseShape,
  kind: z.literal('return'),
  returnOfOrderId: IdSchema.describe('The orderId of the sale this return reverses.'),
});

export const PurchaseEventSchema = z.discriminatedUnion('kind', [SaleSchema, ReturnSchema]).meta({
  title: 'purchase v1',
  description: `A sale or a return at a till, web shop, app or phone order, with its lines. ${inputMessageLimits(TOPICS.purchases)}`,
});
export type PurchaseEvent = z.infer<typeof PurchaseEventSchema>;

/**
 * The totalMinor a purchase must declare: sum of quantity x unitPriceMinor less discountMinor.
 * Computed in bigint because a product of two safe integers need not be one.
 */
export function expectedTotalMinor(purchase: Pick<PurchaseEvent, 'lines' | 'discountMinor'>): bigint {
  let sum = 0n;
  for (const line of purchase.lines) sum += BigInt(line.quantity) * BigInt(line.unitPriceMinor);
  return sum - BigInt(purchase.discountMinor);
}
