import type { Millis } from './history.js';

/** Index of the last element <= t in ascending `times`, or -1 when every element is later. */
export function lastIndexAtOrBefore(times: readonly Millis[], t: Millis): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((times[middle] ?? Number.POSITIVE_INFINITY) <= t) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** The last element <= t in ascending `times`, or undefined. */
export function lastAtOrBefore(times: readonly Millis[], t: Millis): Millis | undefined {
  return times[lastIndexAtOrBefore(times, t)];
}

/** How many elements of ascending `times` are <= t. */
export function countAtOrBefore(times: readonly Millis[], t: Millis): number {
  return lastIndexAtOrBefore(times, t) + 1;
}
