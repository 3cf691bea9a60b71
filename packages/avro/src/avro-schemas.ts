import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ERASURE_EVENT_TYPES,
  type ErasureEventType,
  INPUT_EVENT_TYPES,
  type InputEventType,
  OUTPUT_EVENT_TYPES,
  type OutputEventType,
  SCHEMA_VERSION,
  STATE_EVENT_TYPES,
  type StateEventType,
  TOPICS,
  type TopicNames,
  type TopicRole,
} from '@loyalty/contracts';
import avro from 'avsc';

/** The events that travel as Avro: the four inputs, the five outputs, the erasure notice and the state. */
export type AvroEventType = InputEventType | OutputEventType | ErasureEventType | StateEventType;

export const AVRO_EVENT_TYPES: readonly AvroEventType[] = [
  ...INPUT_EVENT_TYPES,
  ...OUTPUT_EVENT_TYPES,
  ...ERASURE_EVENT_TYPES,
  ...STATE_EVENT_TYPES,
];

/** The repository's schemas/avro folder: one .avsc per event type and version. */
export const AVRO_DIRECTORY = fileURLToPath(new URL('../../../schemas/avro/', import.meta.url));

const TOPIC_ROLE_BY_TYPE = {
  purchase: 'purchases',
  complaint: 'complaints',
  'campaign-response': 'campaignResponses',
  'wallet-estimate': 'walletEstimates',
  'tier-changed': 'tierChanges',
  'stage-changed': 'stageChanges',
  'churn-risk': 'churnRisk',
  'wallet-share-changed': 'walletShareChanges',
  'pyramid-level-changed': 'pyramidLevelChanges',
  'customer-erased': 'erasures',
  'customer-state': 'customerState',
} as const satisfies Record<AvroEventType, TopicRole>;

/** The file name of the Avro schema of an event type, in schemas/avro/. */
export function avroSchemaFileName(type: AvroEventType): string {
  return `${type}.v${SCHEMA_VERSION}.avsc`;
}

/**
 * The registry subject of an event type's schema: its topic's name and "-value" (Confluent's
 * default TopicNameStrategy), e.g. loyalty.purchases.v1-value.
 */
export function subjectOf(type: AvroEventType, topics: TopicNames = TOPICS): string {
  return `${topics[TOPIC_ROLE_BY_TYPE[type]]}-value`;
}

// Compact JSON, so that registering the same file twice sends the same text.
const SCHEMA_TEXT = new Map<AvroEventType, string>(
  AVRO_EVENT_TYPES.map((type) => {
    const file = readFileSync(`${AVRO_DIRECTORY}${avroSchemaFileName(type)}`, 'utf8');
    return [type, JSON.stringify(JSON.parse(file))];
  }),
);

/** The published Avro schema of an event type as JSON text, the form the registry takes. */
export function avroSchemaText(type: AvroEventType): string {
  const text = SCHEMA_TEXT.get(type);
  if (text === undefined) throw new TypeError(`no Avro schema for event type ${JSON.stringify(type)}`);
  return text;
}

/** The avsc type of an event type's published Avro schema. */
export function avroType(type: AvroEventType): avro.Type {
  return avro.Type.forSchema(JSON.parse(avroSchemaText(type)));
}
