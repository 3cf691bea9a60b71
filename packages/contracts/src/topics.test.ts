import { describe, expect, it } from 'vitest';
import { historyTopics, namespacedTopics, TOPICS, topicConfigEntries, topicSpecs } from './topics.js';

describe('topic configs', () => {
  it('compacts the current-state topic only', () => {
    expect(topicConfigEntries('customerState')).toEqual([{ name: 'cleanup.policy', value: 'compact' }]);
    const compacted = topicSpecs(TOPICS).filter((spec) => spec.configEntries.length > 0);
    expect(compacted.map((spec) => spec.topic)).toEqual(['loyalty.customer-state.v1']);
  });

  it('specifies every topic under its namespaced name', () => {
    const topics = namespacedTopics('run-1.');
    expect(topicSpecs(topics).map((spec) => spec.topic)).toEqual(Object.values(topics));
  });
});

describe('historyTopics', () => {
  it('is every topic but the current-state one', () => {
    const topics = namespacedTopics('run-1.');
    expect(historyTopics(topics)).toEqual(
      Object.values(topics).filter((topic) => topic !== 'run-1.loyalty.customer-state.v1'),
    );
  });
});
