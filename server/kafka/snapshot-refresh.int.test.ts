import { afterAll, describe, expect, it } from 'vitest';
import { GET as listTopicsRoute } from '@/app/api/connections/[id]/topics/route';
import type { TopicList } from '@/lib/contracts/kafka';
import { ctx, deleteTopicCli, kafkaTopics, uniqueTopic } from '@/test/kafka/fixtures';
import { runningSamplers } from '../sampler/registry';
import { closeStore } from '../store/store';
import { SNAPSHOT_REFRESH_MS } from './snapshot';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const list = async (q: string): Promise<TopicList> => {
  const res = await listTopicsRoute(new Request(`http://x/api/connections/local-kafka/topics?q=${q}`), ctx({ id: 'local-kafka' }));
  expect(res.status).toBe(200);
  return res.json();
};

// The topic list is served from a shared snapshot refreshed in the background; topics created and deleted by other
// clients (kcat, the CLI, applications) must show up within a refresh or two, also while the sampler runs.
describe('the topic list snapshot (real broker)', () => {
  const gone = uniqueTopic('snap-gone');
  const added = uniqueTopic('snap-added');

  afterAll(async () => {
    await Promise.allSettled(runningSamplers().map((s) => s.stop()));
    await closeStore();
    await deleteTopicCli(added);
  });

  it('shows a topic created elsewhere on the first request after the refresh interval, after another was deleted', async () => {
    await kafkaTopics('--create', '--topic', gone, '--partitions', '2', '--replication-factor', '1');
    await sleep(SNAPSHOT_REFRESH_MS + 500);
    expect((await list(gone)).topics.map((t) => t.name)).toEqual([gone]);
    await deleteTopicCli(gone);
    await kafkaTopics('--create', '--topic', added, '--partitions', '3', '--replication-factor', '1');
    await sleep(SNAPSHOT_REFRESH_MS + 500);
    // The first request after the refresh interval starts a refresh and, on a small cluster, is served its result.
    expect((await list(added)).topics.map((t) => t.name)).toEqual([added]);
    expect((await list(gone)).topics).toEqual([]);
  });
});
