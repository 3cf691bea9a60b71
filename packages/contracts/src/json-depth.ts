const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Whether the text has at most `limit` opening brackets, counted by native indexOf. */
function fewOpeningBrackets(text: string, limit: number): boolean {
  let count = 0;
  for (const bracket of ['{', '[']) {
    for (let i = text.indexOf(bracket); i !== -1; i = text.indexOf(bracket, i + 1)) {
      count++;
      if (count > limit) return false;
    }
  }
  return true;
}

/** The index of the quote closing the string opened at `open`, or -1 when it is never closed. */
function endOfString(text: string, open: number): number {
  for (let close = text.indexOf('"', open + 1); close !== -1; close = text.indexOf('"', close + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return close;
  }
  return -1;
}

/**
 * Whether JSON text nests objects and arrays deeper than maxDepth. A flat scan, so hostile
 * input cannot exhaust the stack; brackets inside strings do not count. Meant to run before
 * JSON.parse on text that may be invalid, where it only has to be right for valid JSON.
 */
export function jsonNestingExceeds(text: string, maxDepth: number): boolean {
  // Typical events hold a handful of brackets; counting them is far cheaper than the scan.
  if (fewOpeningBrackets(text, maxDepth)) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Strings hold most of an event's text; native indexOf skips them quickly.
      i = endOfString(text, i);
      if (i === -1) return false;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > maxDepth) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}
