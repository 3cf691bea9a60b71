import { readdir } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { serverVersion } from '@loyalty/clickhouse';
import type { Redis } from 'ioredis';
import { REPO_ROOT } from '../demo/service-process.js';

/** Where the bench ran: the machine and the versions of everything involved. */
export interface MachineInfo {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly kafka: string;
  readonly redis: string;
  readonly clickhouse: string;
  /** The 1-minute load average when the bench started: above the cores, others were competing. */
  readonly loadAverageAtStart: number;
}

/** Reads the machine's cores and memory and the servers' versions. */
export async function machineInfo(redis: Redis, clickhouse: ClickHouseClient): Promise<MachineInfo> {
  const redisInfo = await redis.info('server');
  const clickhouseVersion = await serverVersion(clickhouse);
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kafka: await localKafkaVersion(),
    redis: /^redis_version:(\S+)/m.exec(redisInfo)?.[1] ?? 'unknown',
    clickhouse: clickhouseVersion.text,
    loadAverageAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

/**
 * The broker's version, read from the jars the local stack runs (the Kafka protocol does
 * not tell a client the broker's release); "unknown" for another broker.
 */
async function localKafkaVersion(): Promise<string> {
  const libs = resolve(REPO_ROOT, process.env.LOYALTY_STATE_DIR ?? '.state', 'kafka', 'libs');
  const jars = await readdir(libs).catch(() => [] as string[]);
  const server = jars.find((name) => /^kafka-server-[\d.]+\.jar$/.test(name));
  return server?.slice('kafka-server-'.length, -'.jar'.length) ?? 'unknown';
}
