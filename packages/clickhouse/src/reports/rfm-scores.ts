// RFM scoring over one aggregated row per customer. ClickHouse 18.16 has no window functions
// (ntile, rank), so its scores are ranked here, exact, ties included; rfm.ts ranks the same
// way in SQL on servers that have them.

/**
 * Quintile scores 1-5 across all values, by mid-rank percentile (Hazen's plotting position, the
 * usual convention for ties): a value's percentile is p = (b + e/2) / n, where b is the number
 * of values strictly worse than it, e the number equal to it (itself included) and n the number
 * of values, and its score is 1 + floor(5p). Equal values share a score from the middle of
 * their run, so a base where everyone has the same value scores 3 throughout rather than 1, and
 * n distinct values spread symmetrically (1, 3, 5 for three).
 */
export function quintileScores(values: readonly number[], better: 'higher' | 'lower'): number[] {
  // One numeric sort, then one pass over the runs of equal values: a run's e is its length and
  // its b where it starts (counted from the end when lower is better), so each distinct value
  // is scored once and looked up per customer.
  const ascending = Float64Array.from(values).sort();
  const n = values.length;
  const scores = new Map<number, number>();
  for (let start = 0; start < n; ) {
    const value = ascending[start] as number;
    let end = start + 1;
    while (ascending[end] === value) end++;
    const worse = better === 'higher' ? start : n - end;
    scores.set(value, 1 + Math.floor((5 * (2 * worse + (end - start))) / (2 * n)));
    start = end;
  }
  return values.map((value) => scores.get(value) as number);
}

export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'potential loyalists',
  'new customers',
  'promising',
  'need attention',
  'about to sleep',
  'at risk',
  "can't lose them",
  'hibernating',
  'lost',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/**
 * The classic eleven-segment RFM grid, on the recency score R (rows, 5 = most recent) and
 * FM, the mean of the frequency and monetary scores rounded half up (columns, 1 to 5):
 *
 *          FM=1            FM=2                 FM=3                 FM=4              FM=5
 *   R=5    new customers   potential loyalists  potential loyalists  champions         champions
 *   R=4    promising       potential loyalists  potential loyalists  loyal             champions
 *   R=3    about to sleep  about to sleep       need attention       loyal             loyal
 *   R=2    hibernating     hibernating          at risk              at risk           can't lose them
 *   R=1    lost            lost                 at risk              can't lose them   can't lose them
 */
const GRID: readonly (readonly RfmSegment[])[] = [
  ['lost', 'lost', 'at risk', "can't lose them", "can't lose them"],
  ['hibernating', 'hibernating', 'at risk', 'at risk', "can't lose them"],
  ['about to sleep', 'about to sleep', 'need attention', 'loyal', 'loyal'],
  ['promising', 'potential loyalists', 'potential loyalists', 'loyal', 'champions'],
  ['new customers', 'potential loyalists', 'potential loyalists', 'champions', 'champions'],
];

/** The segment of a customer with recency, frequency and monetary scores 1-5 (see GRID). */
export function rfmSegment(r: number, f: number, m: number): RfmSegment {
  const fm = Math.floor((f + m + 1) / 2);
  const segment = GRID[r - 1]?.[fm - 1];
  if (segment === undefined) throw new RangeError(`RFM scores must be 1-5, got ${r}, ${f}, ${m}`);
  return segment;
}
