/** The history of CLV model fits in ClickHouse (infra/clickhouse/migrations/006_model_fits.sql). */
import type { ClickHouseClient } from '@clickhouse/client';
import type { ClvModelRecord } from '@loyalty/core';
import { insertRows } from '../insert.js';
import { toClickHouseDateTime } from '../sql.js';
import { type ModelFitRow, TABLES } from '../tables.js';

/** The model_fits row of a fitted model; fitted_at keeps whole seconds, as every DateTime. */
export function modelFitRow(record: ClvModelRecord): ModelFitRow {
  return {
    fitted_at: toClickHouseDateTime(Date.parse(record.fittedAt)),
    cutoff: record.cutoff,
    sample_size: record.sampleSize,
    log_likelihood: record.logLikelihood,
    bgnbd_r: record.bgnbd.r,
    bgnbd_alpha: record.bgnbd.alpha,
    bgnbd_a: record.bgnbd.a,
    bgnbd_b: record.bgnbd.b,
    repeat_sample_size: record.repeatSampleSize,
    gamma_gamma_log_likelihood: record.gammaGammaLogLikelihood,
    gamma_gamma_p: record.gammaGamma.p,
    gamma_gamma_q: record.gammaGamma.q,
    gamma_gamma_gamma: record.gammaGamma.gamma,
  };
}

/** Appends one fit to model_fits; resolves once ClickHouse acknowledged it. */
export function recordModelFit(client: ClickHouseClient, record: ClvModelRecord): Promise<void> {
  return insertRows(client, TABLES.modelFits, [modelFitRow(record)]);
}
