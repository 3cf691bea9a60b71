import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

/**
 * Assigns partition number n of every subscribed topic to the same member. The input topics
 * have equal partition counts and are keyed by customerId, so one customer's purchases,
 * complaints and campaign responses all land in partition n and one instance sees them all
 * in order (Kafka Streams calls this co-partitioning). Numbers go round-robin over the
 * members sorted by id, which every member computes alike.
 */
export const CoPartitionedAssigner: PartitionAssigner = ({ cluster }) => ({
  name: 'LoyaltyCoPartitioned',
  version: 1,
  async assign({ members, topics }) {
    const memberIds = members.map((m) => m.memberId).sort();
    const numbers = new Set<number>();
    const byTopic = new Map<string, number[]>();
    for (const topic of topics) {
      const partitions = cluster.findTopicPartitionMetadata(topic).map((p) => p.partitionId);
      byTopic.set(topic, partitions);
      for (const p of partitions) numbers.add(p);
    }
    const owner = new Map<number, string>();
    [...numbers]
      .sort((a, b) => a - b)
      .forEach((n, i) => {
        owner.set(n, memberIds[i % memberIds.length] as string);
      });
    return memberIds.map((memberId) => {
      const assignment: Record<string, number[]> = {};
      for (const [topic, partitions] of byTopic) {
        assignment[topic] = partitions.filter((p) => owner.get(p) === memberId);
      }
      return {
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 1,
          assignment,
          userData: Buffer.alloc(0),
        }),
      };
    });
  },
  protocol({ topics }) {
    return {
      name: 'LoyaltyCoPartitioned',
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }),
    };
  },
});
