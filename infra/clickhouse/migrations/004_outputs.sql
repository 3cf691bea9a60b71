-- The aggregator's outputs: tier changes, loyalty-stage changes and churn-risk changes.
-- occurred_at is the event time of the change, so a replay lands on the same rows.

CREATE TABLE IF NOT EXISTS tier_changes
(
    event_id String,
    customer_id String,
    occurred_at DateTime('UTC'),
    previous_tier Nullable(String),
    new_tier String,
    direction String,
    reason String,
    qualifying_spend_minor Int64,
    currency String,
    ingested_at DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (customer_id, event_id);

CREATE TABLE IF NOT EXISTS stage_changes
(
    event_id String,
    customer_id String,
    occurred_at DateTime('UTC'),
    previous_stage Nullable(String),
    new_stage String,
    reason String,
    ingested_at DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (customer_id, event_id);

CREATE TABLE IF NOT EXISTS churn_signals
(
    event_id String,
    customer_id String,
    occurred_at DateTime('UTC'),
    previous_level Nullable(String),
    new_level String,
    score Float64,
    p_alive Float64,
    drivers Array(String),
    expected_purchases_90d Nullable(Float64),
    clv Nullable(Float64),
    ingested_at DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (customer_id, event_id);
