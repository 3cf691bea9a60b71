export type { AggregatorCounts, AggregatorDeps, AggregatorOptions } from './aggregator.js';
export { Aggregator } from './aggregator.js';
export type { AggregatorConfig, AggregatorEnv } from './config.js';
export { aggregatorEnv, loadAggregatorConfig, loadRules, printableConfig } from './config.js';
export type { CustomerValues } from './customer-values.js';
export { customerValues } from './customer-values.js';
export { type LivePyramid, readLivePyramid } from './live-pyramid.js';
export { announcedLevel } from './pyramid-announcer.js';
export { toHistoryEntry } from './to-history-entry.js';
