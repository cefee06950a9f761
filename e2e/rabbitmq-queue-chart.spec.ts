import { expect, test, type Locator } from '@playwright/test';
import { createQueue, deleteQueue, e2eName, publishTo, queuePath } from './support/rabbitmq';

const queue = e2eName('chart');
const points = async (chart: Locator) => Number(await chart.getAttribute('data-points'));

test.beforeAll(async () => {
  await createQueue(queue);
});

test.afterAll(async () => {
  await deleteQueue(queue);
});

// The chart needs the management API's stats refresh (~5 s) and the sampler's ticks (5 s) to pass a few times.
test.setTimeout(120_000);

test('the queue page charts depth and rates from the sampler, live, over the group page time ranges', async ({ page }) => {
  await page.goto(queuePath(queue));
  await expect(page.getByRole('heading', { name: queue })).toBeVisible({ timeout: 40_000 });
  const history = page.getByRole('region', { name: 'History' });
  await expect(history.getByTestId('sampler-status')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });

  await publishTo(queue, ['1', '2', '3', '4', '5', '6', '7']);
  const depth = history.getByTestId('queue-depth-chart');
  // Arrives over server-sent events: no reload.
  await expect(depth.getByText(/Ready: 7 msg/)).toBeVisible({ timeout: 45_000 });
  await expect.poll(() => points(depth), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  // A drawn line, not only points (a steady depth draws a flat line, which has no height to be "visible").
  await expect(depth.locator('.recharts-line path').first()).toHaveAttribute('d', /^M[\d.]+,[\d.]+[LC]/);
  const lastTs = Number(await depth.getAttribute('data-last-ts'));
  await expect.poll(async () => Number(await depth.getAttribute('data-last-ts')), { timeout: 20_000 }).toBeGreaterThan(lastTs);
  await expect.poll(() => points(history.getByTestId('queue-rates-chart')), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);

  // Longer ranges come from the same stored history (bucketed by the server for 24h and 7d).
  for (const range of ['1h', '24h', '7d']) {
    await history.getByRole('button', { name: range, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`range=${range}`));
    await expect(history.getByRole('button', { name: range, exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(() => points(depth), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
  }
  // The page still says what the broker holds now.
  await expect(page.getByTestId('queue-ready')).toHaveText('7', { timeout: 20_000 });
});
