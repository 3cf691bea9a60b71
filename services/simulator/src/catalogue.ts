// A small retail catalogue: twelve categories across groceries, electronics, fashion and
// home, with SKUs, prices and the category affinities that basket analysis should find
// (pasta with sauce, wine with cheese, phone with case, jeans with sneakers).

export interface Sku {
  readonly sku: string;
  readonly unitPriceMinor: number;
}

export interface Category {
  readonly name: string;
  readonly skus: readonly Sku[];
  /** Share of sold lines that come back; fashion returns far more than food (industry norm). */
  readonly returnRate: number;
  /** Whether a basket holds several units (groceries) rather than one (a phone). */
  readonly stackable: boolean;
}

function category(
  name: string,
  returnRate: number,
  stackable: boolean,
  prices: Record<string, number>,
): Category {
  const skus = Object.entries(prices).map(([sku, unitPriceMinor]) => ({ sku, unitPriceMinor }));
  return { name, skus, returnRate, stackable };
}

export const CATEGORIES: readonly Category[] = [
  category('pasta', 0.002, true, { 'PAS-SPAG-500': 149, 'PAS-PENN-500': 159, 'PAS-TAGL-FRESH': 299 }),
  category('sauce', 0.002, true, { 'SAU-TOMBAS-400': 249, 'SAU-PESTO-190': 329, 'SAU-ARRAB-400': 279 }),
  category('cheese', 0.003, true, { 'CHE-PARM-200': 599, 'CHE-MOZZ-125': 199, 'CHE-GOUDA-400': 449 }),
  category('wine', 0.01, true, {
    'WIN-CHIANTI': 999,
    'WIN-RIOJA': 1299,
    'WIN-PROSECCO': 1149,
    'WIN-BAROLO': 3900,
  }),
  category('bakery', 0.002, true, { 'BAK-BAGUETTE': 199, 'BAK-CROISSANT': 129, 'BAK-SOURDOUGH': 450 }),
  category('coffee', 0.005, true, { 'COF-BEANS-1KG': 1299, 'COF-GROUND-500': 799, 'COF-CAPS-20': 499 }),
  category('smartphones', 0.06, false, { 'PHO-BASIC': 19_900, 'PHO-PLUS': 54_900, 'PHO-PRO': 109_900 }),
  category('phone-accessories', 0.05, false, { 'ACC-CASE': 2499, 'ACC-SCREEN': 1499, 'ACC-CHARGER': 2999 }),
  category('headphones', 0.07, false, { 'AUD-EARBUDS': 7900, 'AUD-OVEREAR': 24_900 }),
  category('apparel', 0.2, false, { 'APP-TSHIRT': 1999, 'APP-JEANS': 5999, 'APP-JACKET': 12_900 }),
  category('footwear', 0.22, false, { 'FOO-SNEAKERS': 8999, 'FOO-BOOTS': 14_900, 'FOO-SANDALS': 3999 }),
  category('home', 0.04, false, { 'HOM-CANDLE': 1299, 'HOM-TOWELS': 2999, 'HOM-COOKWARE': 18_900 }),
];

export const CATEGORY_COUNT = CATEGORIES.length;

/** The categories by name. */
export const CATEGORY_BY_NAME: ReadonlyMap<string, Category> = new Map(CATEGORIES.map((c) => [c.name, c]));

/** The category's index in CATEGORIES by name; throws on a typo in this file. */
function indexOf(name: string): number {
  const index = CATEGORIES.findIndex((c) => c.name === name);
  if (index < 0) throw new Error(`unknown category ${name}`);
  return index;
}

/** The mean unit price of a category, in minor units: where it sits on the price ladder. */
export const TYPICAL_PRICE_MINOR: readonly number[] = CATEGORIES.map(
  (c) => c.skus.reduce((sum, s) => sum + s.unitPriceMinor, 0) / c.skus.length,
);

// P(category b joins a basket | category a is in it). Directed on purpose: a phone buyer
// often takes a case, a case buyer rarely takes a phone.
const AFFINITY_PAIRS: readonly (readonly [string, string, number])[] = [
  ['pasta', 'sauce', 0.65],
  ['sauce', 'pasta', 0.7],
  ['pasta', 'cheese', 0.3],
  ['sauce', 'cheese', 0.2],
  ['cheese', 'wine', 0.25],
  ['wine', 'cheese', 0.4],
  ['pasta', 'wine', 0.15],
  ['bakery', 'coffee', 0.2],
  ['coffee', 'bakery', 0.35],
  ['bakery', 'cheese', 0.2],
  ['smartphones', 'phone-accessories', 0.7],
  ['smartphones', 'headphones', 0.25],
  ['headphones', 'phone-accessories', 0.2],
  ['phone-accessories', 'smartphones', 0.04],
  ['apparel', 'footwear', 0.3],
  ['footwear', 'apparel', 0.35],
  ['home', 'wine', 0.08],
  ['home', 'coffee', 0.06],
];

// A weak pull within a department keeps baskets plausible without hiding the real pairs.
const DEPARTMENTS: readonly (readonly string[])[] = [
  ['pasta', 'sauce', 'cheese', 'wine', 'bakery', 'coffee'],
  ['smartphones', 'phone-accessories', 'headphones'],
  ['apparel', 'footwear'],
  ['home'],
];
const SAME_DEPARTMENT = 0.04;
const ANY_OTHER = 0.005;

function buildAffinity(): readonly Float64Array[] {
  const department = new Map<string, number>();
  DEPARTMENTS.forEach((names, d) => {
    for (const name of names) department.set(name, d);
  });
  const matrix = CATEGORIES.map((a) =>
    Float64Array.from(CATEGORIES, (b) => {
      if (a === b) return 0;
      return department.get(a.name) === department.get(b.name) ? SAME_DEPARTMENT : ANY_OTHER;
    }),
  );
  for (const [a, b, p] of AFFINITY_PAIRS) {
    const row = matrix[indexOf(a)];
    if (row !== undefined) row[indexOf(b)] = p;
  }
  return matrix;
}

/** AFFINITY[a][b]: the probability that category b joins a basket holding category a. */
export const AFFINITY: readonly Float64Array[] = buildAffinity();
