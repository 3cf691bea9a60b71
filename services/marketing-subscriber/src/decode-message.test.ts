import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeChange, decodeState } from './decode-message.js';

const example = (name: string) =>
  readFileSync(new URL(`../../../schemas/examples/${name}.v1.example.json`, import.meta.url));

describe('decodeState', () => {
  it('decodes a customer-state record, and a null value as the tombstone of the key', () => {
    expect(decodeState(Buffer.from('cus_8f3a2c71d9'), example('customer-state'))).toMatchObject({
      kind: 'state',
      record: { customerId: 'cus_8f3a2c71d9', tier: 'gold', changes: 6 },
    });
    expect(decodeState(Buffer.from('c1'), null)).toEqual({ kind: 'tombstone', customerId: 'c1' });
    expect(decodeState(null, null).kind).toBe('invalid');
  });
});

describe('decodeChange', () => {
  it('decodes each change type with its schema, the correction flag defaulting to false', () => {
    const event = JSON.parse(example('tier-changed').toString());
    delete event.correction;
    expect(decodeChange('tier-changed', Buffer.from(JSON.stringify(event)))).toMatchObject({
      kind: 'change',
      event: { newTier: 'gold', correction: false },
    });
    expect(decodeChange('churn-risk', example('churn-risk'))).toMatchObject({ event: { newLevel: 'high' } });
  });

  it('says why a message does not decode: another type, not JSON, Avro', () => {
    expect(decodeChange('stage-changed', example('tier-changed'))).toMatchObject({ kind: 'invalid' });
    expect(decodeChange('stage-changed', Buffer.from('{'))).toEqual({ kind: 'invalid', reason: 'not JSON' });
    expect(decodeChange('churn-risk', Buffer.from([0, 0, 0, 0, 1, 2]))).toMatchObject({
      reason: expect.stringContaining('Avro'),
    });
  });
});
