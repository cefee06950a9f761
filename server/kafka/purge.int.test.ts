import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/connections/[id]/topics/[topic]/purge/route';
import type { PurgeResult } from '@/lib/contracts/purge';
import { commitOffsets, createTopic, deleteGroups, deleteTopics, kcatConsume, produce, uniqueName } from '@/test/support/kafka';

const BASE_TS = Date.UTC(2026, 0, 1);
const topic = uniqueName('purge');
const compacted = uniqueName('purge-compact');
const group = uniqueName('purge-group');

async function purge(body: unknown, conn = 'local-kafka', t = topic) {
  const res = await POST(new Request('http://x/api', { method: 'POST', body: JSON.stringify(body) }), { params: Promise.resolve({ id: conn, topic: t }) });
  return { status: res.status, body: (await res.json()) as PurgeResult & { error?: { message: string } } };
}

describe('purge a topic (DeleteRecords)', () => {
  beforeAll(async () => {
    await createTopic(topic, 3);
    await createTopic(compacted, 1, [{ name: 'cleanup.policy', value: 'compact' }]);
    // 100 records per partition, record i stamped BASE_TS + i seconds.
    const messages = [0, 1, 2].flatMap((partition) => Array.from({ length: 100 }, (_, i) => ({ partition, value: `m${i}`, timestamp: String(BASE_TS + i * 1000) })));
    await produce(topic, messages);
    await commitOffsets(group, topic, [{ partition: 0, offset: 10 }]);
  });
  afterAll(async () => {
    await deleteGroups(group);
    await deleteTopics(topic, compacted);
  });

  it('previews per partition what goes and which groups fall behind, and changes nothing', async () => {
    const { status, body } = await purge({ upTo: { offset: 40 } });
    expect(status).toBe(200);
    expect(body.applied).toBe(false);
    expect(body.plan.partitions).toEqual([0, 1, 2].map((partition) => ({ partition, low: 0, high: 100, newLow: 40, toDelete: 40 })));
    expect(body.plan.totalToDelete).toBe(120);
    expect(body.plan.groupsBehind).toEqual([{ groupId: group, partitions: [{ partition: 0, committed: 10 }] }]);
    expect(await kcatConsume(topic, 0, 'beginning')).toHaveLength(100);
  });

  it('refuses to apply without the name typed back, on a read-only connection, or past the partitions', async () => {
    expect((await purge({ upTo: 'end', dryRun: false })).status).toBe(400);
    expect((await purge({ upTo: 'end', dryRun: false, confirm: topic }, 'readonly-kafka')).status).toBe(403);
    const bad = await purge({ partitions: [7] });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/no partition 7/);
    expect((await purge({}, 'local-kafka', uniqueName('missing'))).status).toBe(404);
  });

  it('purges chosen partitions up to an offset; kcat then starts at the new low watermark', async () => {
    const { status, body } = await purge({ partitions: [0, 1], upTo: { offset: 40 }, dryRun: false, confirm: topic });
    expect(status).toBe(200);
    expect(body).toMatchObject({ applied: true, deleted: 80, verified: true });
    expect((await kcatConsume(topic, 0, 'beginning'))[0]).toBe('40');
    expect((await kcatConsume(topic, 1, 'beginning'))[0]).toBe('40');
    expect((await kcatConsume(topic, 2, 'beginning'))[0]).toBe('0');
  });

  it('purges up to a timestamp: the new start is the first record at that time, as kcat finds it', async () => {
    const at = BASE_TS + 70_000;
    const { body } = await purge({ partitions: [2], upTo: { timestamp: at }, dryRun: false, confirm: topic });
    expect(body).toMatchObject({ applied: true, deleted: 70, verified: true });
    const kcatFirst = (await kcatConsume(topic, 2, `s@${at}`))[0];
    expect((await kcatConsume(topic, 2, 'beginning'))[0]).toBe(kcatFirst);
    expect(kcatFirst).toBe('70');
  });

  it('says what purge cannot do on a compacted topic', async () => {
    const { body } = await purge({}, 'local-kafka', compacted);
    expect(body.plan.cleanupPolicy).toBe('compact');
    expect(body.plan.notes.join(' ')).toMatch(/compacted.*cannot remove single keys/);
  });
});
