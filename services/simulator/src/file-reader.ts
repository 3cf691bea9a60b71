import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { fromNdjsonLine } from './ndjson.js';
import type { GeneratedMessage } from './traffic.js';

/** Reads the messages of an NDJSON file written by writeNdjsonFile, in file order. */
export async function* readNdjsonFile(path: string): AsyncGenerator<GeneratedMessage, void, undefined> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    let message: GeneratedMessage;
    try {
      message = fromNdjsonLine(line);
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      throw new Error(`${path}:${lineNumber}: ${problem}`);
    }
    yield message;
  }
}

/** The number of non-empty lines of a file: the message count of an NDJSON file. */
export async function countNdjsonLines(path: string): Promise<number> {
  let count = 0;
  let lineHasContent = false;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0x0a) {
        if (lineHasContent) count += 1;
        lineHasContent = false;
      } else if (bytes[i] !== 0x0d && bytes[i] !== 0x20) {
        lineHasContent = true;
      }
    }
  }
  return lineHasContent ? count + 1 : count;
}
