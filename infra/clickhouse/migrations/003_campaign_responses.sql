-- Responses to marketing messages; revenue only on converted, the referred id only on referred.
CREATE TABLE IF NOT EXISTS campaign_responses
(
    event_id String,
    customer_id String,
    occurred_at DateTime('UTC'),
    source String,
    campaign_id String,
    channel String,
    response String,
    offer_id Nullable(String),
    revenue_minor Nullable(Int64),
    referred_customer_id Nullable(String),
    ingested_at DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (customer_id, event_id);
