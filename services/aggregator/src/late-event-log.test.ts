import type { Logger } from '@loyalty/runtime';
import { describe, expect, it } from 'vitest';
import { LateEventLog } from './late-event-log.js';

function recordingLogger(): { log: Logger; lines: unknown[] } {
  const lines: unknown[] = [];
  const log = { warn: (fields: unknown) => lines.push(fields) } as unknown as Logger;
  return { log, lines };
}

describe('LateEventLog', () => {
  it('writes one line a minute at most, with counts by topic and the greatest lateness', () => {
    const { log, lines } = recordingLogger();
    const late = new LateEventLog();
    late.flush(log, 0);
    expect(lines).toEqual([]);
    late.add('purchases', 3_000);
    late.add('purchases', 7_200_000);
    late.add('complaints', 1_000);
    late.flush(log, 1_000);
    late.add('purchases', 1_000);
    late.flush(log, 30_000);
    expect(lines).toEqual([{ lateByTopic: { purchases: 2, complaints: 1 }, maxLatenessSeconds: 7_200 }]);
    late.flush(log, 61_000);
    expect(lines[1]).toEqual({ lateByTopic: { purchases: 1 }, maxLatenessSeconds: 1 });
  });
});
