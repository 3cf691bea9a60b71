import { describe, expect, it } from 'vitest';
import { ComplaintEventSchema } from './complaint.js';
import { exampleWith, readExample } from './test-support/examples.js';

function failures(input: unknown): string[] {
  const result = ComplaintEventSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('ComplaintEventSchema', () => {
  it('accepts the example resolution', () => {
    const event = ComplaintEventSchema.parse(readExample('complaint'));
    expect(event.status === 'resolved' && event.satisfaction).toBe(4);
  });

  it.each(['opened', 'escalated', 'reopened'])('accepts status %s without satisfaction', (status) => {
    expect(failures(exampleWith('complaint', { status, satisfaction: undefined }))).toEqual([]);
  });

  it.each(['opened', 'escalated', 'reopened'])('rejects satisfaction on status %s', (status) => {
    expect(failures(exampleWith('complaint', { status }))).toEqual([
      'satisfaction: only allowed when status is resolved',
    ]);
  });

  it('requires satisfaction on resolution', () => {
    const problems = failures(exampleWith('complaint', { satisfaction: undefined }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^satisfaction: /);
  });

  it.each([
    ['satisfaction', 0],
    ['satisfaction', 6],
    ['satisfaction', 3.5],
    ['status', 'closed'],
    ['dimension', 'price'],
    ['severity', 'urgent'],
    ['complaintId', ''],
    ['orderId', ''],
  ])('rejects %s = %j', (field, value) => {
    const problems = failures(exampleWith('complaint', { [field]: value }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${field}: `));
  });

  it('makes orderId optional', () => {
    expect(failures(exampleWith('complaint', { orderId: undefined }))).toEqual([]);
  });
});
