import { readdirSync } from 'node:fs';
import {
  CAMPAIGN_CHANNELS,
  CAMPAIGN_RESPONSES,
  CHURN_DRIVERS,
  CHURN_LEVELS,
  COMPLAINT_DIMENSIONS,
  COMPLAINT_SEVERITIES,
  COMPLAINT_STATUSES,
  ERASURE_EVENT_SCHEMAS,
  INPUT_EVENT_SCHEMAS,
  OUTPUT_EVENT_SCHEMAS,
  PURCHASE_CHANNELS,
  PURCHASE_KINDS,
  PYRAMID_LEVELS,
  STAGE_RULES,
  STAGES,
  STATE_EVENT_SCHEMAS,
  TIER_DIRECTIONS,
  TIER_REASONS,
  TIERS,
  WALLET_BANDS,
  WALLET_ESTIMATE_METHODS,
} from '@loyalty/contracts';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AVRO_DIRECTORY,
  AVRO_EVENT_TYPES,
  type AvroEventType,
  avroSchemaFileName,
  avroSchemaText,
  avroType,
} from './avro-schemas.js';
import { toContractObject } from './contract-object.js';
import { EVENT_CASES, exampleWith } from './test-support/examples.js';

const CONTRACTS: Record<AvroEventType, z.ZodType> = {
  ...INPUT_EVENT_SCHEMAS,
  ...OUTPUT_EVENT_SCHEMAS,
  ...ERASURE_EVENT_SCHEMAS,
  ...STATE_EVENT_SCHEMAS,
};

/** The contracts' value lists each Avro enum must spell out, by the enum's name. */
const ENUM_SYMBOLS: Record<string, readonly string[]> = {
  'loyalty.events.PurchaseChannel': PURCHASE_CHANNELS,
  'loyalty.events.PurchaseKind': PURCHASE_KINDS,
  'loyalty.events.ComplaintStatus': COMPLAINT_STATUSES,
  'loyalty.events.ComplaintDimension': COMPLAINT_DIMENSIONS,
  'loyalty.events.ComplaintSeverity': COMPLAINT_SEVERITIES,
  'loyalty.events.CampaignChannel': CAMPAIGN_CHANNELS,
  'loyalty.events.CampaignResponseKind': CAMPAIGN_RESPONSES,
  'loyalty.events.Tier': TIERS,
  'loyalty.events.TierDirection': TIER_DIRECTIONS,
  'loyalty.events.TierReason': Object.values(TIER_REASONS),
  'loyalty.events.Stage': STAGES,
  'loyalty.events.StageRule': Object.values(STAGE_RULES),
  'loyalty.events.ChurnLevel': CHURN_LEVELS,
  'loyalty.events.WalletEstimateMethod': WALLET_ESTIMATE_METHODS,
  'loyalty.events.WalletBand': WALLET_BANDS,
  'loyalty.events.PyramidLevel': PYRAMID_LEVELS,
};

/** The keys an object or a discriminated union of objects declares. */
function contractKeys(schema: z.core.$ZodType): Set<string> {
  if (schema instanceof z.ZodDiscriminatedUnion) {
    return new Set(schema.options.flatMap((option) => [...contractKeys(option)]));
  }
  if (schema instanceof z.ZodObject) return new Set(Object.keys(schema.shape));
  throw new TypeError('unexpected contract shape');
}

/** zod-valid JSON -> Avro binary -> decoded record -> the object a JSON producer sends -> zod. */
function roundTrip(type: AvroEventType, json: Record<string, unknown>): unknown {
  const avroTypeOf = avroType(type);
  const decoded: unknown = avroTypeOf.fromBuffer(avroTypeOf.toBuffer(json));
  return CONTRACTS[type].parse(toContractObject(decoded));
}

describe('schemas/avro', () => {
  it('holds one schema per input, output, erasure and state event type', () => {
    const files = readdirSync(AVRO_DIRECTORY).sort();
    expect(files).toEqual(AVRO_EVENT_TYPES.map(avroSchemaFileName).sort());
  });

  it.each(AVRO_EVENT_TYPES)('declares exactly the fields of the %s contract', (type) => {
    const record = JSON.parse(avroSchemaText(type)) as { fields: Array<{ name: string }> };
    expect(new Set(record.fields.map((f) => f.name))).toEqual(contractKeys(CONTRACTS[type]));
  });

  it('spells out every enum of the contracts, symbol for symbol', () => {
    const seen = new Map<string, readonly string[]>();
    for (const type of AVRO_EVENT_TYPES) {
      avro.Type.forSchema(JSON.parse(avroSchemaText(type)), {
        typeHook: (schema) => {
          if (typeof schema === 'object' && 'symbols' in schema && schema.type === 'enum') {
            seen.set(`loyalty.events.${schema.name}`, schema.symbols);
          }
          return undefined;
        },
      });
    }
    expect(Object.fromEntries(seen)).toEqual(ENUM_SYMBOLS);
  });

  it('names every churn driver in the doc of drivers, which cannot be an Avro enum', () => {
    const record = JSON.parse(avroSchemaText('churn-risk')) as {
      fields: Array<{ name: string; doc?: string }>;
    };
    const doc = record.fields.find((f) => f.name === 'drivers')?.doc ?? '';
    const named = doc.split('one of ')[1]?.split('. Strings')[0]?.split(', ');
    expect(named).toEqual(Object.values(CHURN_DRIVERS));
    // Avro names allow only letters, digits and '_' (Avro specification, Names).
    expect(Object.values(CHURN_DRIVERS).some((driver) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(driver))).toBe(
      true,
    );
  });

  it.each(EVENT_CASES)(
    'round-trips %s: Avro encode and decode give the zod parse of the JSON',
    (_, type, json) => {
      const expected = CONTRACTS[type].parse(json);
      expect(roundTrip(type, json)).toEqual(expected);
    },
  );

  it('refuses at encoding what Avro cannot carry: a missing required field', () => {
    expect(() => avroType('purchase').toBuffer(exampleWith('purchase', { orderId: undefined }))).toThrow();
  });
});
