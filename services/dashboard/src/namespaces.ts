import type { ClickHouseClient } from '@clickhouse/client';
import { createClickHouseClient, type ReportContext, reportContext, selectRows } from '@loyalty/clickhouse';
import type { ClickHouseEnv } from '@loyalty/config';

/**
 * The namespaces the dashboard can show: every database of the ClickHouse server that holds a
 * migrated loyalty history (one per pipeline, e.g. per kept demo run). Each gets its own client
 * on first use, kept until the dashboard closes.
 */
export class Namespaces {
  private readonly opened = new Map<string, Promise<ReportContext>>();
  private readonly clients: ClickHouseClient[] = [];

  constructor(
    private readonly env: ClickHouseEnv,
    /** The configured database's client (CLICKHOUSE_DATABASE). */
    private readonly configured: ClickHouseClient,
  ) {
    this.clients.push(configured);
  }

  /** The configured namespace: the default one. */
  get defaultName(): string {
    return this.env.CLICKHOUSE_DATABASE;
  }

  /** The databases with a history, the configured one always among them. */
  async names(): Promise<string[]> {
    const rows = await selectRows<{ database: string }>(
      this.configured,
      "SELECT database FROM system.tables WHERE name = 'schema_migrations' ORDER BY database",
    );
    return [...new Set([this.defaultName, ...rows.map((row) => row.database)])].sort();
  }

  /** The report context of a namespace the caller checked is among names(). */
  context(name: string): Promise<ReportContext> {
    let context = this.opened.get(name);
    if (context === undefined) {
      let client = this.configured;
      if (name !== this.defaultName) {
        client = createClickHouseClient(this.env, name);
        this.clients.push(client);
      }
      context = reportContext(client);
      // A failed first query is not kept: the next request tries again.
      context.catch(() => this.opened.delete(name));
      this.opened.set(name, context);
    }
    return context;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.close()));
  }
}
