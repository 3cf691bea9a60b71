import { type InputEvent, TOPICS, type WalletEstimateEvent } from '@loyalty/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from './clock.js';
import { Customer, drawTraits } from './customer-model.js';
import { Rng } from './prng.js';
import type { Simulation, Task } from './simulation.js';
import { generateTraffic } from './traffic.js';
import { drawTrueWallet, panelCell, startWallet, surveyEstimateMinor, WALLET_MODEL } from './wallets.js';

function meanAndSd(values: readonly number[]): [number, number] {
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  const variance = values.reduce((s, x) => s + (x - mean) ** 2, 0) / (values.length - 1);
  return [mean, Math.sqrt(variance)];
}

describe('the wallet model', () => {
  it('draws true shares with a mean of a third, and survey answers around the true wallet', () => {
    const rng = Rng.fromParts(21);
    const wallets = Array.from({ length: 20_000 }, () => drawTrueWallet(rng, drawTraits(rng, true)));
    const shares = wallets.flatMap((w) => (w === undefined ? [] : [w.share]));
    expect(shares).toHaveLength(20_000);
    const { a, b } = WALLET_MODEL.share;
    expect(meanAndSd(shares)[0]).toBeCloseTo(a / (a + b), 2);
    // A survey's error is lognormal: unbiased on a log scale, with the model's spread.
    const errors = Array.from({ length: 20_000 }, () =>
      Math.log(surveyEstimateMinor(rng, 250_000) / 250_000),
    );
    const [mean, sd] = meanAndSd(errors);
    expect(Math.abs(mean)).toBeLessThan(0.005);
    expect(sd).toBeCloseTo(WALLET_MODEL.surveySigma, 2);
    // A prospect never buys, so has no share to speak of.
    expect(drawTrueWallet(rng, drawTraits(rng, false))).toBeUndefined();
  });

  it("gives every wallet of a panel cell the same estimate, the cell's centre", () => {
    // 2^15 = 32,768 to 2^16 = 65,536 is one cell, whose estimate is 2^15.5.
    expect(panelCell(40_000)).toEqual({ segmentId: 'panel-cell-15', walletMinor: 46_341 });
    expect(panelCell(65_535)).toEqual(panelCell(32_768));
    expect(panelCell(65_536).segmentId).toBe('panel-cell-16');
    for (const wallet of [1, 777, 65_535, 65_536, 3e9]) {
      const cell = panelCell(wallet);
      expect(panelCell(cell.walletMinor)).toEqual(cell);
    }
    // A wallet below a minor unit still gets a valid estimate.
    expect(panelCell(0.2).walletMinor).toBe(1);
  });

  it("leaves the customer's own stream and event ids as they were", () => {
    const scheduled: Task[] = [];
    const sim: Simulation = {
      seed: 4,
      startMs: 0,
      endMs: 400 * DAY_MS,
      currency: 'EUR',
      emit: () => undefined,
      schedule: (_at, task) => scheduled.push(task),
    };
    // Enough customers that some are surveyed, some on the panel and some neither.
    for (let i = 0; i < 50; i++) {
      const estimated = new Customer(Rng.fromParts(4, i), true);
      const untouched = new Customer(Rng.fromParts(4, i), true);
      startWallet(sim, estimated, 10 * DAY_MS);
      expect(estimated.rng.uint32()).toBe(untouched.rng.uint32());
      expect(estimated.nextEventId()).toBe(untouched.nextEventId());
    }
    const methods = scheduled.map((task) =>
      task.kind === 'wallet-estimate' ? task.event.method : task.kind,
    );
    expect(new Set(methods)).toEqual(new Set(['survey', 'panel']));
    expect(methods.length).toBeLessThan(50);
  });
});

describe('the simulated wallet estimates', () => {
  const endMs = Date.parse('2025-01-01') + 400 * DAY_MS;
  const estimates: WalletEstimateEvent[] = [];
  const buyers = new Set<string>();
  beforeAll(() => {
    for (const message of generateTraffic({ seed: 7, customers: 3_000, start: '2025-01-01' })) {
      const event = JSON.parse(message.value.toString('utf8')) as InputEvent;
      if (event.type === 'purchase') buyers.add(event.customerId);
      if (event.type !== 'wallet-estimate') continue;
      // On their own topic, keyed by customer, through the same path as every other event.
      expect([message.topic, message.key]).toEqual([TOPICS.walletEstimates, event.customerId]);
      estimates.push(event);
    }
  });

  it('estimate a survey for about 30% of buyers, a panel cell for about 15% of the rest, once each', () => {
    const surveyed = estimates.filter((e) => e.method === 'survey');
    const panel = estimates.filter((e) => e.method === 'panel');
    const ofBuyers = (list: readonly WalletEstimateEvent[]) =>
      list.filter((e) => buyers.has(e.customerId)).length / buyers.size;
    expect(ofBuyers(surveyed)).toBeGreaterThan(0.26);
    expect(ofBuyers(surveyed)).toBeLessThan(0.34);
    expect(ofBuyers(panel)).toBeGreaterThan(0.08);
    expect(ofBuyers(panel)).toBeLessThan(0.13);
    expect(new Set(estimates.map((e) => e.customerId)).size).toBe(estimates.length);
    expect(surveyed.every((e) => e.segmentId === undefined)).toBe(true);
  });

  it("give a panel cell's members one estimate, and come throughout the simulated period", () => {
    const byCell = new Map<string, Set<number>>();
    for (const e of estimates) {
      if (e.segmentId === undefined) continue;
      byCell.set(e.segmentId, (byCell.get(e.segmentId) ?? new Set()).add(e.walletMinor));
    }
    expect(byCell.size).toBeGreaterThan(3);
    for (const values of byCell.values()) expect(values.size).toBe(1);
    const times = estimates.map((e) => Date.parse(e.occurredAt));
    expect(Math.min(...times)).toBeLessThan(endMs - 300 * DAY_MS);
    expect(Math.max(...times)).toBeGreaterThan(endMs - 30 * DAY_MS);
  });
});
