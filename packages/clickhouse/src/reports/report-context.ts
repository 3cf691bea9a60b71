import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import { selectRows } from '../query.js';
import { finalQuerySettings, serverVersion } from '../server-version.js';

/** What every report query needs: the client and the settings for its server's release. */
export interface ReportContext {
  readonly client: ClickHouseClient;
  readonly settings: ClickHouseSettings;
}

/** Reads the server's release once and returns the context reports run in. */
export async function reportContext(client: ClickHouseClient): Promise<ReportContext> {
  return { client, settings: finalQuerySettings(await serverVersion(client)) };
}

/** Runs a report query in its context. */
export function reportRows<T>(context: ReportContext, sql: string): Promise<T[]> {
  return selectRows<T>(context.client, sql, context.settings);
}
