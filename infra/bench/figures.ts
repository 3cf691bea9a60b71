// The bench's derived figures: ratios, shares and CPU per event, from measured rates and CPU
// seconds. Pure, so that the arithmetic the targets are judged by is tested on its own.
import type { CpuUse } from './process-cpu.js';

/** `value / base` to one decimal, or null where either is missing or the base is not positive. */
export function ratio(value: number | null | undefined, base: number | null | undefined): number | null {
  if (value === null || value === undefined || base === null || base === undefined || base <= 0) return null;
  return Math.round((value / base) * 10) / 10;
}

/** `part` as a percentage of `whole` to one decimal, or null where either is missing. */
export function percentOf(part: number | null | undefined, whole: number | null | undefined): number | null {
  return part === null || part === undefined ? null : ratio(part * 100, whole);
}

/**
 * Microseconds of CPU per event, to one decimal, which is also CPU seconds per million events;
 * null where the CPU time is unknown.
 */
export function cpuMicrosPerEvent(cpuSeconds: number | null, events: number): number | null {
  if (cpuSeconds === null || events <= 0) return null;
  return Math.round((cpuSeconds / events) * 1e7) / 10;
}

/**
 * CPU seconds of the processes whose names start with `prefix` (the aggregators of a run, named
 * "aggregator 1", "aggregator 2"...); null where one of them could not be read.
 */
export function cpuOf(cpu: CpuUse, prefix: string): number | null {
  let sum = 0;
  let found = false;
  for (const [name, seconds] of Object.entries(cpu.cpuSeconds)) {
    if (!name.startsWith(prefix)) continue;
    if (seconds === null) return null;
    sum += seconds;
    found = true;
  }
  return found ? Math.round(sum * 10) / 10 : null;
}
