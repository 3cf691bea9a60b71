// Text every store can hold. JSON may escape half of a UTF-16 surrogate pair ("\ud800") in
// valid UTF-8 bytes; JavaScript keeps such a lone surrogate, but ClickHouse refuses it ("missing
// second part of surrogate pair"), and Avro and Redis would store a replacement character
// instead, so the event would differ from store to store. The contracts refuse it, once.

// With the u flag a well-formed pair is one code point, so only a lone surrogate matches.
const LONE_SURROGATE = /\p{Surrogate}/u;
const LONE_SURROGATES = /\p{Surrogate}/gu;

/** The text with every lone surrogate replaced by U+FFFD, as a UTF-8 encoder would write it. */
export function toWellFormedText(text: string): string {
  return text.replace(LONE_SURROGATES, '\ufffd');
}

/** The path (`lines.0.category`) of the first string in `value` that holds a lone surrogate, if any. */
export function illFormedTextPath(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path || '(root)' : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = illFormedTextPath(item, path === '' ? key : `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
