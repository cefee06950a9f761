import { Producer } from '@platformatic/kafka';
import { expect, test } from '@playwright/test';
import { createTopic, deleteTopics, testClientOptions, uniqueName } from '../test/support/kafka';

/* An open transaction made by a real transactional producer, seen on the Transactions page (Kafka 3.9 and 4.x). */

const topic = uniqueName('e2e-tx-topic');
const transactionalId = uniqueName('e2e-tx');
let producer: Producer | null = null;
let txn: Awaited<ReturnType<Producer['beginTransaction']>> | null = null;

test.beforeAll(async () => {
  await createTopic(topic, 2);
  producer = new Producer({ ...testClientOptions('wharf-e2e-tx'), idempotent: true, transactionalId, acks: -1, timeout: 300_000 });
  txn = await producer.beginTransaction();
  await txn.send({ messages: [0, 0, 0, 1, 1].map((partition, i) => ({ topic, partition, value: Buffer.from(`v${i}`) })) });
});

test.afterAll(async () => {
  if (txn && !txn.completed) await txn.abort().catch(() => undefined);
  await producer?.close();
  await deleteTopics(topic);
});

test('the Transactions page shows the open transaction holding back the LSO, and the topic its producers', async ({ page }) => {
  await page.goto('/connections/local-kafka/transactions');
  await expect(page).toHaveTitle('Transactions · local-kafka · Wharf');
  await expect(page.getByRole('heading', { name: 'Transactions', exact: true })).toBeVisible();
  const row = page.getByTestId('transaction-row').filter({ hasText: transactionalId });
  await expect(row).toContainText('Ongoing', { timeout: 30_000 });
  await expect(row).toHaveAttribute('data-stalling', 'true');
  await expect(row).toContainText('holds back the LSO');
  // Read-committed consumers cannot see the 5 records yet.
  await expect(row.getByRole('cell').nth(6)).toHaveText('5');

  await row.getByRole('button', { name: `${topic}-0` }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]topic=${topic}`));
  const producers = page.getByRole('table', { name: `Active producers of ${topic}` });
  await expect(producers.getByTestId('producer-row')).toHaveCount(2);
  await expect(producers.getByTestId('producer-row').first()).toContainText(transactionalId);
  await expect(producers.getByTestId('producer-row').first().getByRole('cell').nth(3)).toHaveText('3');
});

test("the topic page's Producers tab shows each partition's producers and LSO lag", async ({ page }) => {
  await page.goto(`/connections/local-kafka/topics/${encodeURIComponent(topic)}?tab=producers`);
  await expect(page.getByRole('tab', { name: 'Producers' })).toHaveAttribute('aria-selected', 'true');
  const producers = page.getByRole('table', { name: `Active producers of ${topic}` });
  await expect(producers.getByTestId('producer-row')).toHaveCount(2);
  await expect(producers.getByTestId('producer-row').nth(1)).toContainText(transactionalId);
  // Partition 1: 2 records in the open transaction, LSO 0, HW 2.
  await expect(producers.getByTestId('producer-row').nth(1).getByRole('cell').nth(3)).toHaveText('2');
});
