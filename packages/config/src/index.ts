export { ConfigError } from './config-error.js';
export type { ClickHouseEnv, KafkaEnv, RedisEnv } from './connections.js';
export { clickhouseEnv, kafkaEnv, redisEnv } from './connections.js';
export { hostPortList, logLevel, nonNegativeInt, positiveInt, urlWith } from './fields.js';
export { loadJsonFile } from './json-file.js';
export type { Env } from './parse-env.js';
export { parseEnv } from './parse-env.js';
export { type PipelineEnv, pipelineEnv } from './pipeline.js';
