import { expect, test } from '@playwright/test';
import { lagFixture, sleep, uniqueName, waitForCommit, type LagFixture } from '../test/lag/kafka-fixture';

let f: LagFixture;
let producing: NodeJS.Timeout | undefined;
const groupId = uniqueName('e2e-chart');

test.beforeAll(async () => {
  f = await lagFixture();
  const topic = await f.createTopic(2);
  await f.produce(topic, 20);
  // A consumer slower than the producer below, so lag and consume rate keep changing.
  const consumer = f.consumer(groupId, { maxBytesPerPartition: 4096 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ autoCommitThreshold: 1, eachMessage: async () => { await sleep(40); } });
  await waitForCommit(f.admin, groupId, topic, 1);
  producing = setInterval(() => void f.produce(topic, 15).catch(() => undefined), 500);
});

// The group page needs the sampler's first ticks; give a busy machine room.
test.setTimeout(120_000);

test.afterAll(async () => {
  clearInterval(producing);
  await f?.cleanup();
});

test('the group page charts lag live while a producer and a consumer run', async ({ page }) => {
  await page.goto(`/connections/local-kafka/consumer-groups/${encodeURIComponent(groupId)}`);
  await expect(page.getByRole('heading', { name: groupId })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('live')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('partition-row')).toHaveCount(2, { timeout: 30_000 });

  const chart = page.getByTestId('lag-chart');
  await expect.poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  const firstTs = Number(await chart.getAttribute('data-last-ts'));
  const firstPoints = Number(await chart.getAttribute('data-points'));
  // The next sampler tick arrives over server-sent events and moves the chart without a reload.
  await expect.poll(async () => Number(await chart.getAttribute('data-last-ts')), { timeout: 20_000 }).toBeGreaterThan(firstTs);
  expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(firstPoints);
  await expect(chart.locator('.recharts-line path').first()).toBeVisible();
  await expect(page.getByTestId('consume-rate-chart')).not.toHaveAttribute('data-points', '0');

  await page.getByRole('button', { name: '1h' }).click();
  await expect(page).toHaveURL(/range=1h/);
  await expect(page.getByRole('button', { name: '1h' })).toHaveAttribute('aria-pressed', 'true');
});
