import type { InputEvent } from './input-events.js';
import type { InputRejectionReason, ParseRejection } from './rejection.js';

/** Why a consumer does not accept an input message: its content, or its Kafka key. */
export type AcceptRejectionReason = InputRejectionReason | 'key_mismatch';

/** An input message a consumer accepts (its event), or why not. */
export type AcceptResult =
  | { readonly ok: true; readonly event: InputEvent }
  | ParseRejection<AcceptRejectionReason>;

/**
 * The acceptance every consumer of the input topics applies after parsing: the message key
 * must be the event's customerId, since the key decides the partition and so which instance
 * owns the customer. The aggregator dead-letters what this rejects, and the history sink
 * stores none of it (the dead-letter topic brings it in).
 */
export function acceptKeyed(key: Buffer | null, parsed: AcceptResult): AcceptResult {
  if (!parsed.ok) return parsed;
  const text = key?.toString();
  if (text === parsed.event.customerId) return parsed;
  return {
    ok: false,
    reason: 'key_mismatch',
    message: `message key ${JSON.stringify(text ?? null)} is not the event's customerId`,
  };
}
