import { type InputEvent, occurredAtMillis } from '@loyalty/contracts';
import type { HistoryEntry } from '@loyalty/core';

/** The part of an input event the rules read, as stored in the customer's history. */
export function toHistoryEntry(event: InputEvent): HistoryEntry {
  const at = occurredAtMillis(event);
  switch (event.type) {
    case 'purchase':
      return {
        kind: 'purchase',
        eventId: event.eventId,
        at,
        orderId: event.orderId,
        type: event.kind,
        amountMinor: event.totalMinor,
        categories: [...new Set(event.lines.map((line) => line.category))],
      };
    case 'complaint':
      return {
        kind: 'complaint',
        eventId: event.eventId,
        at,
        complaintId: event.complaintId,
        status: event.status,
        severity: event.severity,
        ...(event.status === 'resolved' ? { satisfaction: event.satisfaction } : {}),
      };
    case 'campaign-response':
      return { kind: 'campaign', eventId: event.eventId, at, response: event.response };
  }
}
