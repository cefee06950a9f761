import { expect, test } from '@playwright/test';
import { kafkaTopicCount, rabbitQueueCount } from './support/brokers';

test('the overview shows both local brokers up with real counts', async ({ page }) => {
  await page.goto('/');
  const kafka = page.getByTestId('connection-local-kafka');
  const rabbit = page.getByTestId('connection-local-rabbitmq');
  await expect(kafka.getByTestId('status-badge')).toHaveAttribute('data-state', 'up');
  await expect(rabbit.getByTestId('status-badge')).toHaveAttribute('data-state', 'up');
  await expect(kafka.getByTestId('version')).toHaveText(`v${process.env.WHARF_TEST_KAFKA_VERSION}`);
  await expect(kafka.getByTestId('count-brokers')).toHaveText('1');
  // Other tests may create topics meanwhile: compare with the CLI until they agree.
  await expect(async () => {
    await page.reload();
    const shown = Number((await kafka.getByTestId('count-topics').textContent())?.replace(/,/g, ''));
    expect(shown).toBe(kafkaTopicCount());
  }).toPass({ timeout: 30_000 });
  await expect(rabbit.getByTestId('count-vhosts')).not.toHaveText('unknown');
  const queues = Number((await rabbit.getByTestId('count-queues').textContent())?.replace(/,/g, ''));
  expect(queues).toBeGreaterThanOrEqual(rabbitQueueCount('/'));
});

test('a connection to a closed port shows down with its reason', async ({ page }) => {
  await page.goto('/');
  for (const id of ['closed-kafka', 'closed-rabbitmq']) {
    const card = page.getByTestId(`connection-${id}`);
    await expect(card.getByTestId('status-badge')).toHaveAttribute('data-state', 'down');
    await expect(card.getByTestId('status-reason')).toContainText(/connection refused|unreachable/i);
  }
});

test('the left navigation lists connections and their resources, and dark mode toggles', async ({ page }) => {
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Connections' });
  await expect(nav.getByText('Local Kafka')).toBeVisible();
  await expect(nav.getByText('Local RabbitMQ')).toBeVisible();
  await nav.getByRole('link', { name: 'Overview' }).first().click();
  await expect(page).toHaveURL(/\/connections\/local-kafka$/);
  await expect(page.getByRole('banner').getByTestId('status-badge')).toHaveAttribute('data-state', 'up');
  const html = page.locator('html');
  const wasDark = (await html.getAttribute('class'))?.includes('dark') ?? false;
  await page.getByRole('button', { name: /Switch to (dark|light) mode/ }).click();
  await expect(html).toHaveClass(wasDark ? /^(?!.*dark)/ : /dark/);
  await page.reload();
  await expect(html).toHaveClass(wasDark ? /^(?!.*dark)/ : /dark/);
});

test('pages name an icon that is served (no favicon 404 on every page)', async ({ page }) => {
  const missing: string[] = [];
  page.on('response', (r) => {
    if (r.status() === 404) missing.push(r.url());
  });
  await page.goto('/connections/local-kafka');
  const icon = await page.locator('link[rel="icon"]').first().getAttribute('href');
  expect(icon).toBeTruthy();
  expect((await page.request.get(icon!)).status()).toBe(200);
  await page.waitForLoadState('networkidle');
  expect(missing).toEqual([]);
});

test('each page has a title naming what it shows', async ({ page }) => {
  for (const [path, title] of [
    ['/', 'All connections · Wharf'],
    ['/connections/local-kafka/topics', 'Topics · local-kafka · Wharf'],
    ['/connections/local-kafka/consumer-groups', 'Consumer groups · local-kafka · Wharf'],
    ['/connections/local-rabbitmq/queues', 'Queues · local-rabbitmq · Wharf'],
    ['/connections/local-rabbitmq/exchanges/%2F/amq.direct', 'Exchange amq.direct · local-rabbitmq · Wharf'],
    ['/jobs', 'Jobs · Wharf'],
  ]) {
    await page.goto(path);
    await expect(page).toHaveTitle(title);
  }
});
