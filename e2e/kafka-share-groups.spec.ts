import { expect, test } from '@playwright/test';
import { kafkaTool, startKafkaTool, waitUntil } from '../test/kafka/kafka-tool';
import { createTopic, deleteTopics, produce, uniqueName } from '../test/support/kafka';

/*
 * Share groups need Kafka 4.x (WHARF_TEST_KAFKA, the 4.4 broker on 127.0.0.1:9092 by default). Pointed at Kafka 3.9
 * (WHARF_TEST_KAFKA_VERSION=3.9), the page must say that the cluster has none, and why.
 */
const SHARE_GROUPS = process.env.WHARF_TEST_KAFKA_VERSION !== '3.9';

const topic = uniqueName('e2e-share-topic');
const group = uniqueName('e2e-share-group');
let consumer: ReturnType<typeof startKafkaTool> | null = null;

test.setTimeout(120_000);

test.beforeAll(async () => {
  if (!SHARE_GROUPS) return;
  test.setTimeout(180_000);
  await createTopic(topic, 2);
  await produce(topic, [...Array.from({ length: 4 }, (_, i) => ({ partition: 0, value: `a${i}` })), ...Array.from({ length: 3 }, (_, i) => ({ partition: 1, value: `b${i}` }))]);
  await kafkaTool('org.apache.kafka.tools.ConfigCommand', ['--entity-type', 'groups', '--entity-name', group, '--alter', '--add-config', 'share.auto.offset.reset=earliest']);
  consumer = startKafkaTool('org.apache.kafka.tools.consumer.ConsoleShareConsumer', ['--topic', topic, '--group', group]);
  await waitUntil('the share consumer read the 7 records', async () => consumer!.lines.length, (n) => n >= 7, 90_000);
});

test.afterAll(async () => {
  if (!SHARE_GROUPS) return;
  await consumer?.stop();
  await kafkaTool('org.apache.kafka.tools.consumer.group.ShareGroupCommand', ['--delete', '--group', group]).catch(() => undefined);
  await deleteTopics(topic);
});

test(SHARE_GROUPS ? 'the share groups page lists the group, and its page shows the member and each partition' : 'the share groups page says the cluster has none', async ({ page }) => {
  await page.goto('/connections/local-kafka/share-groups');
  await expect(page).toHaveTitle('Share groups · local-kafka · Wharf');
  await expect(page.getByRole('heading', { name: 'Share groups' })).toBeVisible();
  if (!SHARE_GROUPS) {
    await expect(page.getByTestId('share-groups-unsupported')).toContainText('share groups need Kafka 4.x with share groups enabled');
    return;
  }
  const row = page.getByTestId('share-group-row').filter({ hasText: group });
  await expect(row).toContainText('Stable', { timeout: 30_000 });
  await expect(row.getByRole('cell').nth(2)).toHaveText('1');
  await expect(row).toContainText(topic);

  await row.getByRole('link', { name: group }).click();
  await expect(page.getByRole('heading', { name: group })).toBeVisible();
  await expect(page).toHaveTitle(`Share group ${group} · local-kafka · Wharf`);
  await expect(page.getByTestId('share-group-state')).toHaveText('Stable');
  await expect(page.getByTestId('share-member-row')).toHaveCount(1);
  await expect(page.getByTestId('share-member-row')).toContainText('console-share-consumer');
  await expect(page.getByTestId('share-partition-row')).toHaveCount(2);
  // Everything was delivered and acknowledged: nothing left on either partition.
  await expect(page.getByTestId('share-group-lag')).toHaveText('0', { timeout: 30_000 });
});
