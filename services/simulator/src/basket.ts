import type { PurchaseLine } from '@loyalty/contracts';
import { AFFINITY, CATEGORIES, CATEGORY_COUNT, type Category, TYPICAL_PRICE_MINOR } from './catalogue.js';
import { weightedIndex } from './distributions.js';
import type { Rng } from './prng.js';

const MAX_LINES = 8;
const MAX_STACK = 8;
const MAX_FILL_STEPS = 24;
const SAME_CATEGORY_SHARE = 0.5;
/** How often a grocery line grows by a unit rather than the basket by a line. */
const STACK_SHARE = 0.5;
/** A basket stops growing once it reaches this share of the customer's intended spend. */
const FILL_TO = 0.85;
/** Log-scale tolerance of the price fit: a 30 EUR shopper still picks a 90 EUR category sometimes. */
const FIT_SIGMA = 1.2;

/** How well a price suits an intended spend: 1 on target, falling off on a log scale. */
function priceFit(targetMinor: number, priceMinor: number): number {
  const z = Math.log(targetMinor / priceMinor) / FIT_SIGMA;
  return Math.exp(-0.5 * z * z);
}

function anchorValue(index: number): number {
  const category = CATEGORIES[index] as Category;
  // Groceries come several to a basket, so their fit is judged on a handful of units.
  return (TYPICAL_PRICE_MINOR[index] as number) * (category.stackable ? 4 : 1);
}

function pickSku(rng: Rng, category: Category, budgetMinor: number): PurchaseLine {
  const weights = category.skus.map((s) => priceFit(Math.max(budgetMinor, 100), s.unitPriceMinor));
  const sku = category.skus[weightedIndex(rng, weights)] ?? category.skus[0];
  if (sku === undefined) throw new Error(`category ${category.name} has no SKUs`);
  return { sku: sku.sku, category: category.name, quantity: 1, unitPriceMinor: sku.unitPriceMinor };
}

/** The gross value of lines: sum of quantity x unit price, in minor units. */
export function grossMinor(lines: readonly PurchaseLine[]): number {
  let sum = 0;
  for (const line of lines) sum += line.quantity * line.unitPriceMinor;
  return sum;
}

/**
 * A basket near the intended spend: an anchor category chosen by the customer's taste and
 * the price fit, the categories that go with it (AFFINITY), then more units, more items of
 * the same category, or related categories until the basket is close to the target. Each
 * SKU appears on one line.
 */
export function buildBasket(rng: Rng, taste: ArrayLike<number>, targetMinor: number): PurchaseLine[] {
  const anchorWeights = new Float64Array(CATEGORY_COUNT);
  for (let c = 0; c < CATEGORY_COUNT; c++) {
    anchorWeights[c] = (taste[c] ?? 0) * priceFit(targetMinor, anchorValue(c));
  }
  const anchor = weightedIndex(rng, anchorWeights);
  const chosen = [anchor];
  const affinity = AFFINITY[anchor] as Float64Array;
  for (let c = 0; c < CATEGORY_COUNT; c++) {
    if (c !== anchor && rng.chance(affinity[c] ?? 0)) chosen.push(c);
  }
  const lines = chosen.map((c) => pickSku(rng, CATEGORIES[c] as Category, targetMinor / chosen.length));
  const lineCategories = [...chosen];

  for (let step = 0; step < MAX_FILL_STEPS && grossMinor(lines) < targetMinor * FILL_TO; step++) {
    const lineIndex = rng.int(lines.length);
    const line = lines[lineIndex] as PurchaseLine;
    const categoryIndex = lineCategories[lineIndex] as number;
    const category = CATEGORIES[categoryIndex] as Category;
    if (category.stackable && line.quantity < MAX_STACK && rng.chance(STACK_SHARE)) {
      lines[lineIndex] = { ...line, quantity: line.quantity + 1 };
      continue;
    }
    if (lines.length >= MAX_LINES) continue;
    const budget = targetMinor - grossMinor(lines);
    if (rng.chance(SAME_CATEGORY_SHARE)) {
      // Another item of the same kind: jeans with the T-shirt, a second wine.
      const extra = pickSku(rng, category, budget);
      if (!lines.some((l) => l.sku === extra.sku)) {
        lines.push(extra);
        lineCategories.push(categoryIndex);
      }
      continue;
    }
    // A related category the basket lacks: affinity first, taste second.
    const related = new Float64Array(CATEGORY_COUNT);
    const row = AFFINITY[categoryIndex] as Float64Array;
    for (let c = 0; c < CATEGORY_COUNT; c++) {
      related[c] = lineCategories.includes(c) ? 0 : (row[c] ?? 0) * (0.5 + (taste[c] ?? 0));
    }
    const next = weightedIndex(rng, related);
    if (lineCategories.includes(next)) continue;
    lines.push(pickSku(rng, CATEGORIES[next] as Category, budget));
    lineCategories.push(next);
  }
  return lines;
}
