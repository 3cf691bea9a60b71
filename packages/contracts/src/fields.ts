import { z } from 'zod';

/** An opaque identifier: an order, a SKU, a campaign, an event. */
export const IdSchema = z.string().min(1).max(128);

/** An ISO 4217 currency code, e.g. EUR. */
export const CurrencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, { error: 'Invalid currency: expected an ISO 4217 code of 3 upper-case letters' })
  .describe('ISO 4217 currency code, 3 upper-case letters.');

/** A non-negative amount of money in minor units (cents); money is never a float. */
export const MinorAmountSchema = z.int().nonnegative();
