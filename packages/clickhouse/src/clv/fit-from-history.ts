import type { ClickHouseClient } from '@clickhouse/client';
import { type ClvModelRecord, fitClvModel, toModelSpend } from '@loyalty/core';
import { LoyaltyError } from '@loyalty/runtime';
import { z } from 'zod';
import { clvCalibration } from './clv-calibration.js';

/**
 * Fits BG/NBD and Gamma-Gamma on the purchase history in ClickHouse as of the end of `cutoff`
 * (YYYY-MM-DD, UTC), spend in the model's major units. Throws a LoyaltyError when the history
 * cannot support a fit: no customers, no repeat purchases, or estimates outside the models.
 */
export async function fitClvFromHistory(
  client: ClickHouseClient,
  cutoff: string,
  fittedAt: string,
): Promise<ClvModelRecord> {
  const rows = await clvCalibration(client, cutoff);
  if (rows.length === 0) throw new LoyaltyError(`no sales on or before ${cutoff}: nothing to fit`);
  if (!rows.some((row) => row.x > 0 && row.meanRepeatSpendMinor > 0)) {
    throw new LoyaltyError(`no repeat purchases on or before ${cutoff}: the spend model needs some`);
  }
  const summaries = rows.map(({ x, tx, T, meanRepeatSpendMinor }) => ({
    x,
    tx,
    T,
    mx: toModelSpend(meanRepeatSpendMinor),
  }));
  try {
    return fitClvModel(summaries, { fittedAt, cutoff });
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    const issue = error.issues[0];
    throw new LoyaltyError(
      `the estimates on the history to ${cutoff} are outside the models (${issue?.path.join('.')}: ${issue?.message}); fit on a longer history`,
      { cause: error },
    );
  }
}
