-- Fitted CLV models (`loyalty model fit`): one row per fit, so analysts can follow how the
-- estimates move from one cut-off to the next. The model in use is the one in Redis; this
-- is its history.
--
-- BG/NBD (Fader, Hardie & Lee 2005) on every customer's calibration summary, time in weeks;
-- Gamma-Gamma (Colombo & Jiang 1999) on the repeat customers, spend in major units of the
-- base currency (minor / 100). sample_size and log_likelihood are the BG/NBD fit's,
-- repeat_sample_size and gamma_gamma_log_likelihood the Gamma-Gamma fit's.
--
-- A fit is identified by when it ran (to the second, as every DateTime here) and its
-- cut-off, so an insert repeated after a lost acknowledgement collapses. The table stays
-- small (a row per fit), so it has a single partition.
CREATE TABLE IF NOT EXISTS model_fits
(
    fitted_at DateTime('UTC'),
    cutoff Date,
    sample_size UInt32,
    log_likelihood Float64,
    bgnbd_r Float64,
    bgnbd_alpha Float64,
    bgnbd_a Float64,
    bgnbd_b Float64,
    repeat_sample_size UInt32,
    gamma_gamma_log_likelihood Float64,
    gamma_gamma_p Float64,
    gamma_gamma_q Float64,
    gamma_gamma_gamma Float64,
    ingested_at DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree()
ORDER BY (fitted_at, cutoff);
