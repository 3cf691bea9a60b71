import { describe, expect, it } from 'vitest';
import { CampaignResponseEventSchema } from './campaign-response.js';
import { exampleWith, readExample } from './test-support/examples.js';

function failures(input: unknown): string[] {
  const result = CampaignResponseEventSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const plain = { revenueMinor: undefined, offerId: undefined };

describe('CampaignResponseEventSchema', () => {
  it('accepts the example conversion with its revenue', () => {
    const event = CampaignResponseEventSchema.parse(readExample('campaign-response'));
    expect(event.response === 'converted' && event.revenueMinor).toBe(2697);
  });

  it('accepts a conversion without revenue', () => {
    expect(failures(exampleWith('campaign-response', { revenueMinor: undefined }))).toEqual([]);
  });

  it.each(['delivered', 'opened', 'clicked', 'unsubscribed', 'bounced'])('accepts a bare %s', (response) => {
    expect(failures(exampleWith('campaign-response', { ...plain, response }))).toEqual([]);
  });

  it.each(['delivered', 'opened', 'clicked', 'unsubscribed', 'bounced', 'referred'])(
    'rejects revenueMinor on %s',
    (response) => {
      const input = exampleWith('campaign-response', { response, referredCustomerId: 'cus_2' });
      expect(failures(input)).toContain('revenueMinor: only allowed when response is converted');
    },
  );

  it('takes an optional control-group flag, true or false only', () => {
    expect(
      failures(exampleWith('campaign-response', { ...plain, response: 'delivered', controlGroup: true })),
    ).toEqual([]);
    expect(failures(exampleWith('campaign-response', { controlGroup: undefined }))).toEqual([]);
    expect(failures(exampleWith('campaign-response', { controlGroup: 'yes' }))).toEqual([
      'controlGroup: Invalid input: expected boolean, received string',
    ]);
  });

  it('requires referredCustomerId on a referral', () => {
    const problems = failures(exampleWith('campaign-response', { ...plain, response: 'referred' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^referredCustomerId: /);
  });

  it('accepts a referral naming the referred customer', () => {
    const input = exampleWith('campaign-response', {
      ...plain,
      response: 'referred',
      referredCustomerId: 'cus_2',
    });
    expect(failures(input)).toEqual([]);
  });

  it.each(['converted', 'clicked'])('rejects referredCustomerId on %s', (response) => {
    const input = exampleWith('campaign-response', { ...plain, response, referredCustomerId: 'cus_2' });
    expect(failures(input)).toEqual(['referredCustomerId: only allowed when response is referred']);
  });

  it.each([
    ['revenueMinor', -1],
    ['revenueMinor', 26.97],
    ['channel', 'fax'],
    ['response', 'liked'],
    ['campaignId', ''],
    ['offerId', ''],
  ])('rejects %s = %j', (field, value) => {
    const problems = failures(exampleWith('campaign-response', { [field]: value }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${field}: `));
  });
});
