// What the pipeline emitted, as the analysts' database holds it: the tier, stage, churn-risk
// and pyramid-level changes marketing automation received, and the dead letters.
import {
  type JsonInteger,
  quoteString,
  type ReportContext,
  selectRows,
  toSafeInteger,
} from '@loyalty/clickhouse';

export interface TierChangeRow {
  readonly customerId: string;
  readonly occurredAt: string;
  readonly previousTier: string | null;
  readonly newTier: string;
  readonly direction: string;
  readonly reason: string;
}

export interface ChurnChangeRow {
  readonly customerId: string;
  readonly occurredAt: string;
  readonly previousLevel: string | null;
  readonly newLevel: string;
  readonly drivers: readonly string[];
}

export interface PipelineOutputs {
  readonly tierChanges: {
    readonly byDirection: Record<string, number>;
    readonly latestUpgrades: readonly TierChangeRow[];
    readonly latestDowngrades: readonly TierChangeRow[];
  };
  readonly stageChanges: { readonly byNewStage: Record<string, number> };
  readonly churnChanges: {
    /** Keyed "previous->new", previous "none" for a first assessment. */
    readonly byTransition: Record<string, number>;
    readonly latest: readonly ChurnChangeRow[];
  };
  readonly pyramidChanges: {
    /** The monthly epochs with any change announced. */
    readonly epochs: number;
    readonly byNewLevel: Record<string, number>;
    /** Each customer's level as announced last, counted by level. */
    readonly latestLevels: Record<string, number>;
  };
  readonly deadLetters: { readonly byReason: Record<string, number> };
}

const LATEST = 5;

/** Reads the outputs' counts and latest rows from the run's database. */
export async function readPipelineOutputs(context: ReportContext): Promise<PipelineOutputs> {
  const rows = <T>(sql: string) => selectRows<T>(context.client, sql, context.settings);
  const counts = async (sql: string) =>
    Object.fromEntries(
      (await rows<{ key: string; n: JsonInteger }>(sql)).map((r) => [r.key, toSafeInteger(r.n)]),
    );
  const latestTier = async (direction: string) =>
    (
      await rows<{
        customer_id: string;
        occurred_at: string;
        previous_tier: string | null;
        new_tier: string;
        direction: string;
        reason: string;
      }>(
        `SELECT customer_id, occurred_at, previous_tier, new_tier, direction, reason
         FROM tier_changes FINAL WHERE direction = ${quoteString(direction)}
         ORDER BY occurred_at DESC, customer_id LIMIT ${LATEST}`,
      )
    ).map((r) => ({
      customerId: r.customer_id,
      occurredAt: isoTime(r.occurred_at),
      previousTier: r.previous_tier,
      newTier: r.new_tier,
      direction: r.direction,
      reason: r.reason,
    }));
  const latestChurn = (
    await rows<{
      customer_id: string;
      occurred_at: string;
      previous_level: string | null;
      new_level: string;
      drivers: string[];
    }>(
      `SELECT customer_id, occurred_at, previous_level, new_level, drivers
       FROM churn_signals FINAL WHERE previous_level IS NOT NULL
       ORDER BY occurred_at DESC, customer_id LIMIT ${LATEST}`,
    )
  ).map((r) => ({
    customerId: r.customer_id,
    occurredAt: isoTime(r.occurred_at),
    previousLevel: r.previous_level,
    newLevel: r.new_level,
    drivers: r.drivers,
  }));
  return {
    tierChanges: {
      byDirection: await counts(
        'SELECT direction AS key, count() AS n FROM tier_changes FINAL GROUP BY direction ORDER BY key',
      ),
      latestUpgrades: await latestTier('upgrade'),
      latestDowngrades: await latestTier('downgrade'),
    },
    stageChanges: {
      byNewStage: await counts(
        'SELECT new_stage AS key, count() AS n FROM stage_changes FINAL GROUP BY new_stage ORDER BY key',
      ),
    },
    churnChanges: {
      byTransition: await counts(
        `SELECT concat(ifNull(previous_level, 'none'), '->', new_level) AS key, count() AS n
         FROM churn_signals FINAL GROUP BY key ORDER BY key`,
      ),
      latest: latestChurn,
    },
    pyramidChanges: {
      epochs: toSafeInteger(
        (
          await rows<{ n: JsonInteger }>(
            'SELECT uniqExact(occurred_at) AS n FROM pyramid_level_changes FINAL',
          )
        )[0]?.n ?? 0,
      ),
      byNewLevel: await counts(
        'SELECT new_level AS key, count() AS n FROM pyramid_level_changes FINAL GROUP BY new_level ORDER BY key',
      ),
      latestLevels: await counts(
        `SELECT level AS key, count() AS n
         FROM (SELECT customer_id, argMax(new_level, (occurred_at, ingested_at)) AS level
               FROM pyramid_level_changes FINAL GROUP BY customer_id)
         GROUP BY level ORDER BY key`,
      ),
    },
    deadLetters: {
      byReason: await counts(
        'SELECT reason AS key, count() AS n FROM dead_letters FINAL GROUP BY reason ORDER BY key',
      ),
    },
  };
}

/** ClickHouse's "YYYY-MM-DD hh:mm:ss" (UTC columns) as ISO 8601. */
function isoTime(value: string): string {
  return `${value.replace(' ', 'T')}Z`;
}
