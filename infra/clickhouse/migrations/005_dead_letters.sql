-- Messages the aggregator rejected, from the dead-letter topic. A dead letter is identified
-- by where the rejected message was read (topic, partition, offset), so a message
-- dead-lettered twice (a crash before the aggregator committed) collapses to one row; its
-- partition follows the source message's timestamp, which both copies share.
--
-- raw_payload holds the original bytes when they are valid UTF-8 (payload_encoding 'utf8'),
-- otherwise their base64 (payload_encoding 'base64'), so that nothing is lost either way.
-- source_timestamp is 1970-01-01 00:00:00 when the source message carried none.
CREATE TABLE IF NOT EXISTS dead_letters
(
    source_topic String,
    source_partition UInt32,
    source_offset UInt64,
    source_timestamp DateTime('UTC'),
    reason String,
    message String,
    message_key Nullable(String),
    raw_payload String,
    payload_encoding String,
    rejected_at DateTime('UTC'),
    ingested_at DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(source_timestamp)
ORDER BY (source_topic, source_partition, source_offset);
