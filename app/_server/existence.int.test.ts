import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConnector, getConnectorOf } from '@/server/connections/registry';
import { getShareGroup } from '@/server/kafka/share-groups';
import { getTopic } from '@/server/kafka/topics';
import { getJob } from '@/server/jobs/runner';
import { amqpExchangeName, getExchange, getQueue } from '@/server/rabbitmq/browse';
import { createTopic, deleteTopics, uniqueName } from '@/test/support/kafka';
import { existence } from './existence';

/** The lookups the entity pages make before rendering (app/_server/page-exists.ts), against the real brokers. */
describe('page existence checks', () => {
  const topic = uniqueName('page-exists');
  const missing = uniqueName('missing');
  beforeAll(async () => {
    await createTopic(topic, 1);
    // Opening the job store the first time (migrations) outlasts a page's wait; a running server has it open.
    await getJob('job-warmupwarmup').catch(() => undefined);
  }, 120_000);
  afterAll(() => deleteTopics(topic));

  it('a topic: present, missing, and unknown when its broker is down', async () => {
    expect(await existence(() => getTopic('local-kafka', topic, null))).toBe('present');
    expect(await existence(() => getTopic('local-kafka', missing, null))).toBe('missing');
    expect(await existence(() => getTopic('closed-kafka', topic, null))).toBe('unknown');
  });

  it('a connection, and a connection of the other kind', async () => {
    expect(await existence(async () => getConnector('local-kafka'))).toBe('present');
    expect(await existence(async () => getConnector('no-such-connection'))).toBe('missing');
    expect(await existence(() => getQueue(getConnectorOf('local-kafka', 'rabbitmq'), '/', 'x'))).toBe('missing');
  });

  it('a queue and an exchange: missing, present, and unknown when the management API is down', async () => {
    const rabbit = getConnectorOf('local-rabbitmq', 'rabbitmq');
    expect(await existence(() => getQueue(rabbit, '/', missing))).toBe('missing');
    expect(await existence(() => getQueue(rabbit, 'no-such-vhost', missing))).toBe('missing');
    expect(await existence(() => getExchange(rabbit, '/', amqpExchangeName(missing)))).toBe('missing');
    expect(await existence(() => getExchange(rabbit, '/', amqpExchangeName('amq.direct')))).toBe('present');
    expect(await existence(() => getQueue(getConnectorOf('closed-rabbitmq', 'rabbitmq'), '/', missing))).toBe('unknown');
  });

  it('a share group that does not exist (Kafka 4), and a job', async () => {
    const shareGroups = process.env.WHARF_TEST_KAFKA_VERSION !== '3.9';
    expect(await existence(() => getShareGroup('local-kafka', missing))).toBe(shareGroups ? 'missing' : 'unknown');
    expect(await existence(() => getJob('job-doesnotexist0'))).toBe('missing');
  });
});
