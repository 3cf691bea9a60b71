// Clients wrap the error that matters (kafkajs retries end in KafkaJSNumberOfRetriesExceeded
// around the connection error); a bound keeps a cause cycle from looping.
const MAX_DEPTH = 16;

/** The error and its causes, outermost first. */
export function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && e !== null && chain.length < MAX_DEPTH; ) {
    if (chain.includes(e)) break;
    chain.push(e);
    e = e instanceof Error ? e.cause : undefined;
  }
  return chain;
}
