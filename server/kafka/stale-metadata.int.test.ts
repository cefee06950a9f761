import { afterAll, describe, expect, it } from 'vitest';
import { GET as getConnection } from '@/app/api/connections/[id]/route';
import { POST as purgeRoute } from '@/app/api/connections/[id]/topics/[topic]/purge/route';
import { GET as getTopicRoute } from '@/app/api/connections/[id]/topics/[topic]/route';
import { POST as createTopicRoute } from '@/app/api/connections/[id]/topics/route';
import { ctx, deleteTopicCli, kafkaTopics, uniqueTopic } from '@/test/kafka/fixtures';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// kafkajs keeps refreshing metadata for every topic a client has looked at; a topic deleted behind Wharf's back
// used to fail every later call of the shared admin ("does not host this topic-partition"), so the connection
// showed down and nothing could be created until Wharf restarted.
describe('a topic deleted by another client (real broker)', () => {
  const gone = uniqueTopic('deleted-elsewhere');
  const next = uniqueTopic('created-after');

  afterAll(async () => {
    await deleteTopicCli(next);
  });

  it('leaves the connection up and topics creatable', async () => {
    await kafkaTopics('--create', '--topic', gone, '--partitions', '1', '--replication-factor', '1');
    // A purge preview reads the topic's offsets through the connection's shared admin client.
    const preview = await purgeRoute(new Request('http://x', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }), ctx({ id: 'local-kafka', topic: gone }));
    expect(preview.status, await preview.clone().text()).toBe(200);
    await deleteTopicCli(gone);
    // Past the status cache (2 s), so the next read probes the broker again.
    await sleep(2500);

    const res = await getConnection(new Request('http://x'), ctx({ id: 'local-kafka' }));
    const body = await res.json();
    expect(body.status, JSON.stringify(body)).toMatchObject({ state: 'up' });

    const created = await createTopicRoute(
      new Request('http://x', { method: 'POST', body: JSON.stringify({ name: next, partitions: 1, replicationFactor: 1 }), headers: { 'content-type': 'application/json' } }),
      ctx({ id: 'local-kafka' }),
    );
    expect(created.status, await created.clone().text()).toBe(201);
    expect(await kafkaTopics('--list')).toContain(next);

    const missing = await getTopicRoute(new Request('http://x'), ctx({ id: 'local-kafka', topic: gone }));
    expect(missing.status).toBe(404);
  });
});
