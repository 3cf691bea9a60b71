-- Estimates of customers' wallets (wallet-estimate v1): what a customer spends in a year on the
-- shops' categories at every retailer, ours included, in minor units of the base currency. A
-- customer's latest estimate replaces the earlier ones; `loyalty report share-of-wallet` divides
-- the customer's net spend of the trailing window by it. segment_id is set when the estimate is
-- a segment's (a panel cell, a postcode band) rather than the customer's own, NULL otherwise.
-- Deduplicated, partitioned and read as the other input tables (001).
CREATE TABLE IF NOT EXISTS wallet_estimates
(
    event_id String,
    customer_id String,
    occurred_at DateTime('UTC'),
    source String,
    currency String,
    wallet_minor Int64,
    method String,
    segment_id Nullable(String),
    ingested_at DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (customer_id, event_id);
