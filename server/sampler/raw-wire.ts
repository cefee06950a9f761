import 'server-only';
import type { KafkaRaw, PartitionOffsets } from './kafka-types';
import type { RabbitmqRaw } from './rabbitmq-collect';

type KafkaWire = Omit<KafkaRaw, 'topics'> & { topics: Array<[string, PartitionOffsets[]]> };

/** A raw reading as JSON (the topic map as entries), to hand to the other replicas. */
export function toWire(raw: KafkaRaw | RabbitmqRaw): KafkaWire | RabbitmqRaw {
  return 'topics' in raw ? { ...raw, topics: [...raw.topics] } : raw;
}

export function fromWire(kind: 'kafka' | 'rabbitmq', wire: unknown): KafkaRaw | RabbitmqRaw {
  if (kind === 'kafka') {
    const w = wire as KafkaWire;
    if (!Array.isArray(w?.topics) || !Array.isArray(w.groups)) throw new Error('not a Kafka reading');
    return { ...w, topics: new Map(w.topics) };
  }
  const r = wire as RabbitmqRaw;
  if (!Array.isArray(r?.queues)) throw new Error('not a RabbitMQ reading');
  // A replica of an earlier release sends no nodes.
  return { ...r, nodes: Array.isArray(r.nodes) ? r.nodes : [] };
}
