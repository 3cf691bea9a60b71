import type { KafkaMessage } from 'kafkajs';

/**
 * The Kafka message a row was decoded from: where a row ClickHouse refuses came from, so that
 * its dead letter names the message (topic, partition, offset) and keeps its bytes.
 */
export interface RowSource {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
}
