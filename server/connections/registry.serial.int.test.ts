import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionSummary } from '@/lib/contracts/connections';
import { eventually, kafkaCli, rabbitmqctl } from '@/test/support/cli';
import { STATUS_TTL_MS, summarize } from './registry';

const outageKafka = { KAFKA_INSTANCE: 'outage', KAFKA_PORT: '9392' };

/** Fresh status (past the cache), timed: every status request must answer within 5 s even while a broker is down. */
async function status(id: string): Promise<ConnectionSummary> {
  await new Promise((r) => setTimeout(r, STATUS_TTL_MS));
  const started = Date.now();
  const s = await summarize(id);
  expect(Date.now() - started).toBeLessThan(5000);
  return s;
}

describe('overview counts match the brokers’ own tools', () => {
  it('Kafka topics and groups match kafka-topics and kafka-consumer-groups', async () => {
    const topics = (await kafkaCli(['topics', '--list'])).split('\n').filter(Boolean);
    const groups = (await kafkaCli(['groups', '--list'])).split('\n').filter(Boolean);
    const s = await status('local-kafka');
    expect(s.counts).toMatchObject({ kind: 'kafka', brokers: 1, topics: topics.length, consumerGroups: groups.length });
  });

  it('RabbitMQ queues and messages match rabbitmqctl list_queues', async () => {
    const lines = (await rabbitmqctl(['list_queues', '-q', '--no-table-headers', 'name', 'messages_ready', 'messages_unacknowledged', '-p', '/'])).trim();
    const vhosts = (await rabbitmqctl(['list_vhosts', '-q', '--no-table-headers'])).split('\n').filter(Boolean);
    let queues = 0;
    for (const v of vhosts) {
      queues += (await rabbitmqctl(['list_queues', '-q', '--no-table-headers', 'name', '-p', v])).split('\n').filter(Boolean).length;
    }
    const ready = lines ? lines.split('\n').reduce((n, l) => n + Number(l.trim().split(/\s+/).at(-2)), 0) : 0;
    const s = await status('local-rabbitmq');
    expect(s.counts).toMatchObject({ kind: 'rabbitmq', vhosts: vhosts.length, queues });
    // Totals cover every vhost; with only the default vhost in use they equal its sum.
    if (vhosts.length === 1 && s.counts?.kind === 'rabbitmq') {
      await eventually(async () => ((await status('local-rabbitmq')).counts as { messagesReady: number }).messagesReady === ready || undefined, 15_000);
    }
  });
});

describe('a broker that stops and comes back', () => {
  beforeAll(async () => {
    await kafkaCli(['start'], outageKafka);
  });
  afterAll(async () => {
    await kafkaCli(['reset'], outageKafka);
    await rabbitmqctl(['start_app']).catch(() => undefined);
  });

  it('Kafka: up, then down with the reason, then up again without a restart', async () => {
    expect((await status('outage-kafka')).status.state).toBe('up');
    await kafkaCli(['stop'], outageKafka);
    const down = await eventually(async () => {
      const s = await status('outage-kafka');
      return s.status.state === 'down' ? s : undefined;
    }, 20_000);
    expect(down.status.reason).toMatch(/outage-kafka.*(connection refused|did not answer|unreachable)/i);
    expect(down.counts).toBeNull();
    await kafkaCli(['start'], outageKafka);
    const up = await eventually(async () => {
      const s = await status('outage-kafka');
      return s.status.state === 'up' ? s : undefined;
    }, 30_000);
    expect(up.counts).toMatchObject({ kind: 'kafka', brokers: 1 });
  });

  it('RabbitMQ: up, then down with the reason, then up again without a restart', async () => {
    expect((await status('local-rabbitmq')).status.state).toBe('up');
    await rabbitmqctl(['stop_app']);
    const down = await eventually(async () => {
      const s = await status('local-rabbitmq');
      return s.status.state === 'down' ? s : undefined;
    }, 20_000);
    expect(down.status.reason).toMatch(/local-rabbitmq.*(connection refused|unreachable|no answer)/i);
    await rabbitmqctl(['start_app']);
    await eventually(async () => {
      const s = await status('local-rabbitmq');
      return s.status.state === 'up' ? s : undefined;
    }, 60_000);
  });
});
