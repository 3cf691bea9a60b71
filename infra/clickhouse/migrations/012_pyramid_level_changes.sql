-- The aggregator's value-pyramid level changes (pyramid-level-changed v1): at each epoch (the
-- start of a UTC month, occurred_at), customers ranked by trailing qualifying spend into
-- platinum, gold, iron and lead; a row when a customer's level changes. value_minor is the
-- customer's spend at the epoch (negative when returns outweigh sales), the *_cutoff_minor
-- columns where each level started then, customers how many the pyramid ranked (each row
-- repeats the cut-offs it was announced with; a correction's may differ from its epoch's first
-- rows). Deduplicated, partitioned and read as the other change tables (004, with 008's
-- correction flag).
CREATE TABLE IF NOT EXISTS pyramid_level_changes
(
    event_id String,
    customer_id String,
    occurred_at DateTime('UTC'),
    correction UInt8 DEFAULT 0,
    previous_level Nullable(String),
    new_level String,
    value_minor Int64,
    platinum_cutoff_minor Int64,
    gold_cutoff_minor Int64,
    iron_cutoff_minor Int64,
    customers UInt64,
    currency String,
    ingested_at DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (customer_id, event_id);
