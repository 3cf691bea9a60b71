export { WIN_BACK_CONTROL_SHARE, WIN_BACK_EFFECT } from './campaigns.js';
export type { Category, Sku } from './catalogue.js';
export { AFFINITY, CATEGORIES } from './catalogue.js';
export { simulatorEnv } from './cli.js';
export { MODEL } from './customer-model.js';
export { countNdjsonLines, readNdjsonFile } from './file-reader.js';
export type { FileWriteOptions } from './file-writer.js';
export { writeNdjsonFile } from './file-writer.js';
export type { KafkaWriteOptions, Progress } from './kafka-writer.js';
export {
  assertTopicsExist,
  createTrafficProducer,
  DEFAULT_BATCH_SIZE,
  writeToKafka,
} from './kafka-writer.js';
export { fromNdjsonLine, toNdjsonLine } from './ndjson.js';
export type { Pacing } from './pacing.js';
export type { TrafficSummary } from './summary.js';
export type { GeneratedMessage, InputTopic, MessageKind } from './traffic.js';
export { estimateMessageCount, generateTraffic } from './traffic.js';
export type { ResolvedTrafficOptions, TrafficOptions } from './traffic-options.js';
export { resolveTrafficOptions, TrafficOptionsSchema } from './traffic-options.js';
