export { ClvModelStore } from './clv-model-store.js';
export { createRedis, openRedis, type RedisConnection, redisServerName } from './create-redis.js';
export type {
  ApplyOutcome,
  CustomerState,
  CustomerStoreOptions,
  Evaluation,
  EvaluationToSave,
  EventToApply,
  OutboxSent,
  RedisErasure,
} from './customer-store.js';
export { CustomerStore } from './customer-store.js';
export { decodeEntry, encodeEntry, eventIdHash } from './entry-codec.js';
export type { ShardKeys } from './keys.js';
export { KeyLayout } from './keys.js';
export type { OutboxMessage } from './outbox-codec.js';
export { type AnnouncedLevel, type EpochProgress, PyramidEpochStore } from './pyramid-epoch-store.js';
export { redisOptions } from './redis-options.js';
export { deleteKeys, scanKeys } from './scan-keys.js';
export { ScriptCode, scriptCommand } from './scripts.js';
export { redisSecurityFailure } from './security-failure.js';
export { readShardClocks, type ShardClock } from './shard-clocks.js';
