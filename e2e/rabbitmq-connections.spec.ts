import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { connect, type ChannelModel } from 'amqplib';
import { createQueue, deleteQueue, e2eName, publishTo } from './support/rabbitmq';

/** Client connections are opened here with amqplib (a client-provided name each), never by clicking. */
const worker = e2eName('conn-worker');
const victim = e2eName('conn-victim');
const queue = e2eName('conn-queue');
const idle = e2eName('conn-idle');
const models: Record<string, ChannelModel> = {};
const closedWith: Record<string, string> = {};

/** The broker's name of the connection whose client called itself `clientName`, as rabbitmqctl lists it. */
function brokerName(clientName: string): string | undefined {
  const out = execFileSync('rabbitmqctl', ['-q', 'list_connections', '--formatter', 'json', 'name', 'client_properties'], { encoding: 'utf8' });
  const list = JSON.parse(out) as Array<{ name: string; client_properties: [string, string, unknown][] }>;
  return list.find((c) => c.client_properties.some((p) => p[0] === 'connection_name' && p[2] === clientName))?.name;
}

test.beforeAll(async () => {
  await Promise.all([createQueue(queue), createQueue(idle)]);
  await publishTo(idle, ['waiting', 'for', 'nobody']);
  for (const n of [worker, victim]) {
    const m = await connect('amqp://guest:guest@127.0.0.1:5672', { clientProperties: { connection_name: n } });
    m.on('error', () => undefined);
    m.on('close', (err?: Error) => {
      closedWith[n] = err?.message ?? 'closed cleanly';
    });
    models[n] = m;
  }
  const ch = await models[worker].createConfirmChannel();
  await ch.prefetch(10);
  await ch.consume(queue, () => undefined, { noAck: false });
  await models[victim].createChannel();
});

test.afterAll(async () => {
  for (const m of Object.values(models)) await m.close().catch(() => undefined);
  await Promise.all([deleteQueue(queue), deleteQueue(idle)]);
});

test('lists client connections by their client-provided name and shows one with its channels', async ({ page }) => {
  await page.goto('/connections/local-rabbitmq');
  await page.getByRole('navigation', { name: 'Connections' }).locator('a[href="/connections/local-rabbitmq/rabbitmq/connections"]').click();
  await expect(page).toHaveURL(/\/rabbitmq\/connections/);
  await page.getByRole('button', { name: /^Client name/ }).click();
  await expect(page).toHaveURL(/sort=clientName/);
  const row = page.getByTestId('connection-row').filter({ hasText: worker });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row.getByTestId('connection-state')).toHaveText('running');
  await row.getByRole('link', { name: worker }).click();
  await expect(page.getByRole('heading', { name: worker })).toBeVisible();
  // Channel figures reach the management API every 5 s.
  const channel = page.getByTestId('channel-row');
  await expect(channel).toHaveCount(1, { timeout: 20_000 });
  await expect(channel).toContainText('confirm');
  await expect(channel).toContainText('10');
});

test('lists every consumer with its queue, ack mode and prefetch', async ({ page }) => {
  await page.goto('/connections/local-rabbitmq/rabbitmq/connections');
  await page.getByRole('link', { name: 'All consumers' }).click();
  const row = page.getByTestId('consumer-row').filter({ hasText: queue });
  await expect(row).toBeVisible();
  await expect(row).toContainText('manual ack');
  await expect(row).toContainText('10');
  await expect(row.getByTestId('consumer-activity')).toHaveText('up');
});

test('lists every channel, searched by its connection name', async ({ page }) => {
  const name = brokerName(worker);
  expect(name).toBeDefined();
  await page.goto('/connections/local-rabbitmq/rabbitmq/connections');
  await page.getByRole('link', { name: 'All channels' }).click();
  await page.getByLabel('Search channels').fill(name!);
  await expect(page).toHaveURL(/search=/);
  const row = page.getByTestId('channel-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('confirm');
});

test('the queue list says a queue with ready messages has no consumer', async ({ page }) => {
  await page.goto(`/connections/local-rabbitmq/queues?search=${encodeURIComponent(idle)}`);
  const row = page.getByTestId('queue-row').filter({ hasText: idle });
  await expect(row.getByTestId('no-consumer')).toBeVisible({ timeout: 40_000 });
});

test('closes a connection with a reason after its name is typed back; the client receives the reason', async ({ page }) => {
  const name = brokerName(victim);
  expect(name).toBeDefined();
  await page.goto(`/connections/local-rabbitmq/rabbitmq/connections/${encodeURIComponent(name!)}`);
  await expect(page.getByRole('heading', { name: victim })).toBeVisible();
  await page.getByRole('button', { name: 'Close connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'Close connection' });
  await dialog.getByLabel('Reason').fill('e2e maintenance window');
  const confirm = dialog.getByRole('button', { name: 'Close connection' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Type the name to confirm').fill(name!);
  await confirm.click();
  await expect(page).toHaveURL(/\/rabbitmq\/connections(\?|$)/);
  await expect.poll(() => closedWith[victim]).toContain('e2e maintenance window');
  expect(closedWith[victim]).toContain('CONNECTION_FORCED');
  await expect.poll(() => brokerName(victim)).toBeUndefined();
  expect(closedWith[worker]).toBeUndefined();
});
