-- Purchases and their lines. Applied by packages/clickhouse (`loyalty db migrate`, and the
-- history sink at start); never edit a migration once applied, add a new one.
--
-- Every table of the history is a ReplacingMergeTree whose sorting key ends in the event id:
-- Kafka delivers at least once, so the same event may be inserted twice, and those copies
-- collapse on merge. Reports read with FINAL (or GROUP BY the key) so that copies never show
-- before a merge has happened. Partitions follow event time, so the copies of one event
-- always share a partition (ReplacingMergeTree only collapses within one).
--
-- Types are those of ClickHouse 18.16 and of current releases alike: DateTime (seconds) in
-- UTC, Nullable for optional fields, String for enumerations (new values need no ALTER).

-- One row per sale or return; net_minor is signed (+total for a sale, -total for a return).
CREATE TABLE IF NOT EXISTS purchases
(
    event_id String,
    customer_id String,
    occurred_at DateTime('UTC'),
    source String,
    order_id String,
    kind String,
    return_of_order_id Nullable(String),
    channel String,
    store_id Nullable(String),
    currency String,
    total_minor Int64,
    discount_minor Int64,
    net_minor Int64,
    line_count UInt32,
    ingested_at DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (customer_id, event_id);

-- One row per line of a sale or return, for basket analysis; line_no is the line's position.
CREATE TABLE IF NOT EXISTS purchase_lines
(
    event_id String,
    customer_id String,
    occurred_at DateTime('UTC'),
    order_id String,
    kind String,
    line_no UInt32,
    sku String,
    category String,
    quantity UInt32,
    unit_price_minor Int64,
    ingested_at DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (customer_id, event_id, line_no);
