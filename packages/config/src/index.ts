export { ConfigError } from './config-error.js';
export type { ClickHouseEnv, KafkaEnv, RedisEnv, RegistryEnv } from './connections.js';
export { clickhouseEnv, kafkaEnv, redisEnv, registryEnv } from './connections.js';
export { consumerGroupsEnv } from './consumer-groups.js';
export { type ErasureEnv, erasureEnv } from './erasure.js';
export {
  booleanFlag,
  hostPortList,
  logLevel,
  nonNegativeInt,
  positiveInt,
  readableFile,
  urlWith,
} from './fields.js';
export { loadJsonFile } from './json-file.js';
export { isSecretKey, maskSecrets, maskUrlPasswords, SECRET_MASK } from './mask-secrets.js';
export { type OutputFormat, outputFormatEnv } from './output-format.js';
export type { Env } from './parse-env.js';
export { parseEnv } from './parse-env.js';
export { pickEnv } from './pick-env.js';
export { type PipelineEnv, pipelineEnv } from './pipeline.js';
export {
  readServiceStart,
  type ServiceSpec,
  type ServiceStart,
  serviceUsage,
  startService,
} from './service-command-line.js';
export type { UrlCredentials } from './url-credentials.js';
export { urlCredentials } from './url-credentials.js';
export { type Variable, variablesOf } from './variables.js';
