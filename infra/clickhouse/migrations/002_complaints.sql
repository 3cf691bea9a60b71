-- Complaint steps (opened, escalated, resolved, reopened); satisfaction only on resolved.
CREATE TABLE IF NOT EXISTS complaints
(
    event_id String,
    customer_id String,
    occurred_at DateTime('UTC'),
    source String,
    complaint_id String,
    status String,
    dimension String,
    severity String,
    order_id Nullable(String),
    satisfaction Nullable(UInt8),
    ingested_at DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (customer_id, event_id);
