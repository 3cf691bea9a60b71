import type { ReportContext } from '../src/index.js';
import { migrate, reportContext } from '../src/index.js';
import { currentClickHouse } from './chdb-client.js';
import { freshDatabase } from './fresh-database.js';

/** The same history on the local 18.16 server (`old`) and on a current ClickHouse (chDB). */
export interface BothEngines {
  readonly old: ReportContext;
  readonly current: ReportContext;
  close(): Promise<void>;
}

/** Fresh migrated databases named after `name` on both engines, each filled by `fill`. */
export async function bothEngines(
  name: string,
  fill: (context: ReportContext) => Promise<void>,
): Promise<BothEngines> {
  const db = await freshDatabase(name);
  const current = await currentClickHouse(`loyalty_${name}`);
  await migrate(db.client);
  await migrate(current.client);
  const contexts = { old: await reportContext(db.client), current: await reportContext(current.client) };
  await fill(contexts.old);
  await fill(contexts.current);
  return {
    ...contexts,
    close: async () => {
      await current.close();
      await db.drop();
    },
  };
}
