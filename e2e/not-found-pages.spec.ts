import { expect, test, type Page } from '@playwright/test';
import { createQueue, deleteQueue, e2eName, exchangePath, queuePath } from './support/rabbitmq';

/*
 * Issue 14, finding 5: an entity that does not exist answers HTTP 404 with the not-found page, on every entity page;
 * a broker that does not answer is not "not found" (the page renders and says why); and a queue that goes away while
 * its page is open shows a notice, not live forms.
 */
const missing = e2eName('missing');
const SHARE_GROUPS = process.env.WHARF_TEST_KAFKA_VERSION !== '3.9';

async function expectNotFoundPage(page: Page, path: string): Promise<void> {
  const res = await page.goto(path);
  expect(res?.status(), path).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
}

test.setTimeout(120_000);

test.beforeAll(async ({ request }) => {
  // The group page asks the lag sampler first: let it tick once, so the page's short wait is not spent starting it.
  await expect
    .poll(async () => (await request.get('/api/connections/local-kafka/consumer-groups')).status(), { timeout: 60_000 })
    .toBe(200);
});

const pages: Array<[string, string]> = [
  ['connection', '/connections/no-such-connection'],
  ['topic', `/connections/local-kafka/topics/${missing}`],
  ['consumer group', `/connections/local-kafka/consumer-groups/${missing}`],
  ['queue', queuePath(missing)],
  ['queue messages', queuePath(missing, '/messages')],
  ['queue move', queuePath(missing, '/move')],
  ['queue in a vhost that does not exist', `/connections/local-rabbitmq/queues/no-such-vhost/${missing}`],
  ['exchange', exchangePath(missing)],
  ['job', '/jobs/job-doesnotexist0'],
  ['job id of another shape', '/jobs/nothing-like-a-job'],
  ['queue on a Kafka connection', `/connections/local-kafka/queues/%2F/${missing}`],
  ['topic on a RabbitMQ connection', `/connections/local-rabbitmq/topics/${missing}`],
];

for (const [what, path] of pages) {
  test(`a ${what} that does not exist answers 404 with the not-found page`, async ({ page }) => {
    await expectNotFoundPage(page, path);
  });
}

test('a share group that does not exist answers 404 (on Kafka 3.9, which has none, the page says so instead)', async ({ page }) => {
  const path = `/connections/local-kafka/share-groups/${missing}`;
  if (SHARE_GROUPS) {
    await expectNotFoundPage(page, path);
    return;
  }
  const res = await page.goto(path);
  expect(res?.status()).toBe(200);
  await expect(page.getByTestId('share-groups-unsupported')).toBeVisible({ timeout: 30_000 });
});

test('a broker that does not answer is not "not found": the page renders and shows the error', async ({ page }) => {
  const res = await page.goto(`/connections/closed-kafka/topics/${missing}`);
  expect(res?.status()).toBe(200);
  await expect(page.getByRole('alert').filter({ hasText: 'Could not load this topic' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('not-found-notice')).toHaveCount(0);

  const queue = await page.goto(queuePath(missing).replace('local-rabbitmq', 'closed-rabbitmq'));
  expect(queue?.status()).toBe(200);
  await expect(page.getByRole('alert').filter({ hasText: 'Could not load this queue' })).toBeVisible({ timeout: 30_000 });
});

test('a queue deleted while its messages page is open: a not-found notice and no Inspect form; loaded again, 404', async ({ page }) => {
  const name = e2eName('gone');
  await createQueue(name);
  try {
    await page.goto(queuePath(name));
    await expect(page.getByRole('link', { name: 'Inspect messages' })).toBeVisible();
    await page.getByRole('link', { name: 'Inspect messages' }).click();
    await expect(page.getByRole('button', { name: 'Get and requeue' })).toBeEnabled();

    await deleteQueue(name);
    // The page's next poll of the queue answers 404.
    await expect(page.getByTestId('not-found-notice')).toContainText(`queue "${name}" in vhost "/" not found`, { timeout: 30_000 });
    await expect(page.getByRole('button', { name: 'Get and requeue' })).toHaveCount(0);
    await expect(page.getByTestId('inspect-explainer')).toHaveCount(0);

    // Loaded again, the server knows before rendering.
    await expectNotFoundPage(page, queuePath(name));
    await expect(page.getByRole('link', { name: 'Inspect messages' })).toHaveCount(0);
  } finally {
    await deleteQueue(name);
  }
});
