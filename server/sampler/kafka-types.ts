/** What one Kafka tick reads from the cluster, before anything is derived from it. */
export type PartitionOffsets = { partition: number; low: number; high: number };

export type RawMember = {
  memberId: string;
  clientId: string;
  clientHost: string;
  assignments: Array<{ topic: string; partitions: number[] }>;
};

export type RawGroup = {
  groupId: string;
  state: string;
  protocolType: string;
  /** The assignor; empty when the group has no members. */
  protocol: string;
  members: RawMember[];
  /** offset null: no commit for that partition. */
  committed: Array<{ topic: string; partition: number; offset: number | null }>;
};

export type KafkaRaw = {
  ts: number;
  topics: Map<string, PartitionOffsets[]>;
  groups: RawGroup[];
};

export const partitionKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;
