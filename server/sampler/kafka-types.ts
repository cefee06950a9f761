/** What one Kafka tick reads from the cluster, before anything is derived from it. */
export type PartitionOffsets = { partition: number; low: number; high: number };

export type RawMember = {
  memberId: string;
  clientId: string;
  clientHost: string;
  /** group.instance.id of a static member; absent or null: none. */
  instanceId?: string | null;
  /** KIP-848 members only. */
  memberEpoch?: number | null;
  assignments: Array<{ topic: string; partitions: number[] }>;
};

export type RawGroup = {
  groupId: string;
  /** classic (the default, and the only kind before Kafka 4) or consumer (KIP-848). */
  type?: 'classic' | 'consumer';
  state: string;
  protocolType: string;
  /** The assignor; empty when a classic group has no members. */
  protocol: string;
  /** KIP-848 groups only. */
  groupEpoch?: number | null;
  assignmentEpoch?: number | null;
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
