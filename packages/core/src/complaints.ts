import type { ComplaintEntry, ComplaintSeverity, ComplaintStatus, Millis } from './history.js';
import { lastIndexAtOrBefore } from './sorted-times.js';

/**
 * One open spell of a complaint: from the entry that opened (or reopened) it to the entry that
 * resolved it. It is open at t for start <= t < end; `end` is +Infinity while unresolved.
 */
export interface ComplaintSpell {
  readonly complaintId: string;
  readonly start: Millis;
  readonly end: Millis;
  /** When each entry of the spell arrived and the severity it carried, in time order. */
  readonly entryTimes: readonly Millis[];
  readonly severities: readonly ComplaintSeverity[];
}

/** A 'resolved' entry, whether or not the complaint was open. */
export interface Resolution {
  readonly at: Millis;
  readonly eventId: string;
  readonly complaintId: string;
  readonly satisfaction?: number;
}

export interface ComplaintHistory {
  /** Every spell, by start (then complaintId). */
  readonly spells: readonly ComplaintSpell[];
  /** Every resolution, in the total order of entries. */
  readonly resolutions: readonly Resolution[];
  readonly resolutionTimes: readonly Millis[];
}

/**
 * Entries of one complaint stamped with the same millisecond are read in lifecycle order: a CRM
 * that stamps in whole seconds often gives "opened" and "resolved on first contact" one time, and
 * reading them by eventId would leave such a complaint open for ever half of the time.
 */
const LIFECYCLE_ORDER: Record<ComplaintStatus, number> = {
  opened: 0,
  escalated: 1,
  resolved: 2,
  reopened: 3,
};

function compareLifecycle(left: ComplaintEntry, right: ComplaintEntry): number {
  if (left.at !== right.at) return left.at - right.at;
  const byStatus = LIFECYCLE_ORDER[left.status] - LIFECYCLE_ORDER[right.status];
  if (byStatus !== 0) return byStatus;
  if (left.eventId === right.eventId) return 0;
  return left.eventId < right.eventId ? -1 : 1;
}

/** Splits complaint entries (any order) into open spells and resolutions. */
export function complaintHistory(entries: readonly ComplaintEntry[]): ComplaintHistory {
  const byComplaint = new Map<string, ComplaintEntry[]>();
  for (const entry of entries) {
    const list = byComplaint.get(entry.complaintId);
    if (list) list.push(entry);
    else byComplaint.set(entry.complaintId, [entry]);
  }
  const spells: ComplaintSpell[] = [];
  const resolutions: Resolution[] = [];
  for (const [complaintId, list] of byComplaint) {
    list.sort(compareLifecycle);
    let open: { start: Millis; entryTimes: Millis[]; severities: ComplaintSeverity[] } | undefined;
    for (const entry of list) {
      if (entry.status === 'resolved') {
        resolutions.push({
          at: entry.at,
          eventId: entry.eventId,
          complaintId,
          ...(entry.satisfaction === undefined ? {} : { satisfaction: entry.satisfaction }),
        });
        if (open) spells.push({ complaintId, end: entry.at, ...open });
        open = undefined;
      } else if (open) {
        // Escalations (and repeated opens) continue the spell; they may change its severity.
        open.entryTimes.push(entry.at);
        open.severities.push(entry.severity);
      } else {
        // Any open status after none or a resolution starts a spell, so an escalation whose
        // 'opened' never arrived still counts as open.
        open = { start: entry.at, entryTimes: [entry.at], severities: [entry.severity] };
      }
    }
    if (open) spells.push({ complaintId, end: Number.POSITIVE_INFINITY, ...open });
  }
  spells.sort((left, right) =>
    left.start !== right.start ? left.start - right.start : left.complaintId < right.complaintId ? -1 : 1,
  );
  resolutions.sort((left, right) =>
    left.at !== right.at ? left.at - right.at : left.eventId < right.eventId ? -1 : 1,
  );
  return { spells, resolutions, resolutionTimes: resolutions.map((resolution) => resolution.at) };
}

/** Whether the spell is open at t. */
export function isOpenAt(spell: ComplaintSpell, t: Millis): boolean {
  return spell.start <= t && t < spell.end;
}

/** The severity the spell's latest entry at or before t carried (t inside the spell). */
export function severityAt(spell: ComplaintSpell, t: Millis): ComplaintSeverity | undefined {
  return spell.severities[lastIndexAtOrBefore(spell.entryTimes, t)];
}

/** The latest resolution at or before t. */
export function latestResolutionAt(history: ComplaintHistory, t: Millis): Resolution | undefined {
  return history.resolutions[lastIndexAtOrBefore(history.resolutionTimes, t)];
}
