import 'server-only';
import type { JobKind, JobParams } from '@/lib/contracts/jobs';
import { kafkaReplay } from './kafka-replay';
import { rabbitmqMove } from './rabbitmq-move';
import { rabbitmqToKafka } from './rabbitmq-to-kafka';
import type { JobHandler } from './types';

const handlers: { [K in JobKind]: JobHandler<Extract<JobParams, { kind: K }>> } = {
  'kafka-replay': kafkaReplay,
  'rabbitmq-to-kafka': rabbitmqToKafka,
  'rabbitmq-move': rabbitmqMove,
};

export function jobHandler<K extends JobKind>(kind: K): JobHandler<Extract<JobParams, { kind: K }>> {
  return handlers[kind];
}
