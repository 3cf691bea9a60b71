import { randomBytes } from 'node:crypto';

/** A fresh name for a test resource (topic, group, key prefix, database), unique per call. */
export function uniqueName(prefix: string, separator = '-'): string {
  return `${prefix}${separator}${Date.now().toString(36)}${separator}${randomBytes(4).toString('hex')}`;
}
