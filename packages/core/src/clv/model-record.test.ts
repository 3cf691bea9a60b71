import { describe, expect, it } from 'vitest';
import { ClvModelRecordSchema } from './model-record.js';

const RECORD = {
  bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 },
  fittedAt: '2024-05-01T03:00:00.000Z',
  cutoff: '1997-09-30',
  sampleSize: 2357,
  logLikelihood: -9582.43,
  repeatSampleSize: 946,
  gammaGammaLogLikelihood: -4055.92,
};

describe('ClvModelRecordSchema', () => {
  it('accepts a fitted record', () => {
    expect(ClvModelRecordSchema.parse(RECORD)).toEqual(RECORD);
  });

  it.each([
    ['a non-positive parameter', { ...RECORD, bgnbd: { ...RECORD.bgnbd, alpha: 0 } }],
    ['an infinite parameter', { ...RECORD, bgnbd: { ...RECORD.bgnbd, r: Number.POSITIVE_INFINITY } }],
    ['q <= 1 (no finite mean spend)', { ...RECORD, gammaGamma: { ...RECORD.gammaGamma, q: 1 } }],
    ['a fittedAt without time', { ...RECORD, fittedAt: '2024-05-01' }],
    ['a cut-off that is not a date', { ...RECORD, cutoff: '1997-09-31' }],
    ['a fractional sample size', { ...RECORD, sampleSize: 10.5 }],
    ['an unknown key', { ...RECORD, bgnbd: { ...RECORD.bgnbd, s: 1 } }],
    ['a missing key', { ...RECORD, logLikelihood: undefined }],
  ])('rejects %s', (_, record) => {
    expect(ClvModelRecordSchema.safeParse(record).success).toBe(false);
  });
});
