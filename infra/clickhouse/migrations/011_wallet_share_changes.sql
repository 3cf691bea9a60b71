-- The aggregator's share-of-wallet band changes (wallet-share-changed v1): the customer's net
-- spend with us in the trailing window over their latest wallet estimate, announced when its
-- band (low, medium, high) changes. share is rounded to 4 places as published; spend_minor may
-- be negative (returns outweighing sales in the window). Deduplicated, partitioned and read as
-- the other change tables (004, with 008's correction flag).
CREATE TABLE IF NOT EXISTS wallet_share_changes
(
    event_id String,
    customer_id String,
    occurred_at DateTime('UTC'),
    correction UInt8 DEFAULT 0,
    previous_band Nullable(String),
    new_band String,
    share Float64,
    spend_minor Int64,
    wallet_minor Int64,
    currency String,
    ingested_at DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (customer_id, event_id);
