import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Progress } from './kafka-writer.js';
import { toNdjsonLine } from './ndjson.js';
import { SummaryCounter, type TrafficSummary } from './summary.js';
import type { GeneratedMessage } from './traffic.js';

export interface FileWriteOptions {
  readonly total?: number;
  readonly onProgress?: (progress: Progress) => void;
  readonly signal?: AbortSignal;
}

/** Lines are gathered into chunks of about this size: one write call per chunk, not per line. */
const CHUNK_CHARS = 1 << 20;
const PROGRESS_EVERY = 10_000;

/**
 * Writes messages to an NDJSON file (replaced if it exists), one message per line, for a
 * later `replay`. Honours the stream's backpressure, so memory stays flat for any size.
 */
export async function writeNdjsonFile(
  path: string,
  messages: Iterable<GeneratedMessage>,
  options: FileWriteOptions = {},
): Promise<TrafficSummary> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const failed = once(out, 'error').then(([error]) => Promise.reject(error));
  // Keep the rejection handled until it is awaited; a write error must not crash the process.
  failed.catch(() => undefined);
  const counter = new SummaryCounter();
  let chunk = '';
  const drain = async (): Promise<void> => {
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
    chunk = '';
  };
  for (const message of messages) {
    if (options.signal?.aborted) break;
    chunk += `${toNdjsonLine(message)}\n`;
    counter.add(message);
    if (chunk.length >= CHUNK_CHARS) await drain();
    if (counter.count % PROGRESS_EVERY === 0)
      options.onProgress?.({ written: counter.count, total: options.total });
  }
  if (chunk.length > 0) await drain();
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
  options.onProgress?.({ written: counter.count, total: options.total });
  return counter.summary();
}
