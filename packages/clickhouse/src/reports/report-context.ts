import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import { selectRows } from '../query.js';
import { finalQuerySettings, hasWindowFunctions, serverVersion } from '../server-version.js';

/** What every report query needs: the client and the settings for its server's release. */
export interface ReportContext {
  readonly client: ClickHouseClient;
  readonly settings: ClickHouseSettings;
  /** Whether the server can rank in SQL (window functions); else reports rank in TypeScript. */
  readonly windowFunctions: boolean;
}

/** Reads the server's release once and returns the context reports run in. */
export async function reportContext(client: ClickHouseClient): Promise<ReportContext> {
  const version = await serverVersion(client);
  return { client, settings: finalQuerySettings(version), windowFunctions: hasWindowFunctions(version) };
}

/** Runs a report query in its context. */
export function reportRows<T>(context: ReportContext, sql: string): Promise<T[]> {
  return selectRows<T>(context.client, sql, context.settings);
}
