import { describe, expect, it } from 'vitest';
import { describeJob } from './job-summary';

describe('describeJob', () => {
  it('names source, filter and target', () => {
    expect(
      describeJob({
        dryRun: true,
        params: {
          kind: 'kafka-replay',
          source: { connection: 'a', topic: 'orders', from: 'earliest', to: 'latest', filter: 'value.x > 1' },
          target: { kind: 'kafka', connection: 'b', topic: 'orders.replay', partitioning: 'keep', keepTimestamp: false, createTopic: false },
          provenanceHeaders: true,
          allowSameTopic: false,
        },
      }),
    ).toBe('Replay a/orders where value.x > 1 → b/orders.replay (dry run)');
    expect(
      describeJob({
        dryRun: false,
        params: { kind: 'rabbitmq-to-kafka', source: { connection: 'r', vhost: '/', queue: 'dlq' }, target: { connection: 'k', topic: 't', key: 'message-id' } },
      }),
    ).toBe('Drain r queue "dlq" → k/t');
  });

  it('says a filter is there when the server hid it from the caller', () => {
    expect(
      describeJob({
        dryRun: false,
        hidden: ['params.source.filter'],
        params: { kind: 'rabbitmq-to-kafka', source: { connection: 'r', vhost: '/', queue: 'dlq' }, target: { connection: 'k', topic: 't', key: 'message-id' } },
      }),
    ).toBe('Drain r queue "dlq" where (filter hidden) → k/t');
  });
});
