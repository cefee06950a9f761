import { expect, test } from '@playwright/test';
import { startJavaConsumer, waitForGroup, type JavaConsumer } from '../test/lag/java-consumer';
import { lagFixture, sleep, uniqueName, type LagFixture } from '../test/lag/kafka-fixture';

/** A KIP-848 group (Kafka's Java consumer with group.protocol=consumer) on the group pages, as Kafka's tools see it. */
let f: LagFixture;
let topic: string;
let consumer: JavaConsumer;
const groupId = uniqueName('e2e-kip848');
const PER_PARTITION = [10, 6, 4];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  f = await lagFixture();
  topic = await f.createTopic(3);
  for (const [partition, n] of PER_PARTITION.entries()) await f.produce(topic, n, partition);
  f.groups.push(groupId);
  consumer = startJavaConsumer({ topic, groupId, protocol: 'consumer' });
  await waitForGroup(f.admin, groupId, 'consumer', { members: 1, partitions: 3 });
  // Everything read and committed (the consumer commits every 200 ms): lag 0 on each partition.
  for (let i = 0; i < 100; i++) {
    const [g] = await f.admin.listConsumerGroupOffsets({ groups: [{ groupId, topics: [{ name: topic, partitionIndexes: [0, 1, 2] }] }] });
    const offsets = g?.topics[0]?.partitions.map((p) => Number(p.committedOffset)).sort((a, b) => b - a) ?? [];
    if (offsets.join() === PER_PARTITION.join()) break;
    await sleep(300);
  }
});

// The group page needs the sampler's first ticks; give a busy machine room.
test.setTimeout(120_000);

test.afterAll(async () => {
  await consumer?.stop();
  await f?.cleanup();
});

test('the groups list and the group page show a KIP-848 group: type consumer, Stable, its member, 3 partitions and lag', async ({ page }) => {
  await page.goto(`/connections/local-kafka/consumer-groups?q=${encodeURIComponent(groupId)}`);
  const row = page.getByTestId('group-row').filter({ hasText: groupId });
  await expect(row.getByTestId('group-type')).toHaveText('consumer', { timeout: 30_000 });
  await expect(row.getByTestId('group-state')).toHaveText('Stable');

  await row.getByRole('link', { name: groupId }).click();
  await expect(page.getByRole('heading', { name: groupId })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('group-type')).toHaveText('consumer');
  await expect(page.getByTestId('group-state')).toHaveText('Stable');
  await expect(page.getByTestId('group-members')).toHaveText('1');
  await expect(page.getByTestId('group-assignor')).toHaveText('uniform');
  await expect(page.getByTestId('group-epochs')).toHaveText(/^\d+ \/ \d+$/);
  const member = page.getByTestId('member-row');
  await expect(member).toHaveCount(1);
  await expect(member).toContainText(consumer.clientId);
  await expect(member).toContainText('127.0.0.1');
  await expect(member.getByTestId('member-assignment')).toHaveText(`${topic} [0, 1, 2]`);
  const partitions = page.getByTestId('partition-row');
  await expect(partitions).toHaveCount(3);
  for (let i = 0; i < 3; i++) {
    await expect(partitions.nth(i)).toContainText(String(PER_PARTITION[i]));
    await expect(partitions.nth(i).getByTestId('partition-lag')).toHaveText('0');
  }
  await expect(page.getByTestId('group-total-lag')).toHaveText('0');

  // The reset dialog says up front that Kafka will refuse while the consumer runs.
  await page.getByRole('button', { name: 'Reset offsets' }).click();
  const dialog = page.getByRole('dialog', { name: `Reset offsets of ${groupId}` });
  await expect(dialog.getByTestId('active-members-notice')).toContainText(`1 active member (${consumer.clientId} on 127.0.0.1)`);
});
