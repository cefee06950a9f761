import { expect, test } from '@playwright/test';
import { deleteQueue, e2eName, rabbitCount } from './support/rabbitmq';

const queue = e2eName('defs-queue');
const policy = e2eName('defs-policy');
const MGMT = 'http://127.0.0.1:15672/api';
const AUTH = `Basic ${Buffer.from('guest:guest').toString('base64')}`;

/** The policy straight from the broker (null when there is none). */
async function brokerPolicy(name: string): Promise<{ definition: Record<string, unknown> } | null> {
  const res = await fetch(`${MGMT}/policies/%2F/${encodeURIComponent(name)}`, { headers: { authorization: AUTH } });
  return res.ok ? ((await res.json()) as { definition: Record<string, unknown> }) : null;
}

test.afterAll(async () => {
  await deleteQueue(queue);
  await fetch(`${MGMT}/policies/%2F/${encodeURIComponent(policy)}`, { method: 'DELETE', headers: { authorization: AUTH } });
});

test('imports a definitions file after a preview listing what it adds and the connection name typed back', async ({ page }) => {
  // A dev server compiles each route on first use: the preview's first answer can take tens of seconds on 2 cores.
  test.setTimeout(180_000);
  const file = {
    queues: [{ name: queue, vhost: '/', durable: true, auto_delete: false, arguments: {} }],
    policies: [{ name: policy, vhost: '/', pattern: `^${queue}$`, 'apply-to': 'queues', definition: { 'max-length': 100 }, priority: 0 }],
  };
  await page.goto('/connections/local-rabbitmq/rabbitmq/definitions');
  await expect(page).toHaveTitle(/Definitions/);
  await expect(page.getByRole('link', { name: 'Download JSON' })).toHaveAttribute('href', '/api/connections/local-rabbitmq/rabbitmq/definitions');
  await expect(page.getByText('Users are left out of the file')).toBeVisible();

  await page.getByLabel('Definitions file').setInputFiles({ name: 'defs.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByTestId('definitions-preview');
  const queues = preview.getByRole('table', { name: 'Queues in the file' });
  await expect(queues.getByRole('row').filter({ hasText: queue })).toContainText('added', { timeout: 90_000 });
  await expect(preview.getByRole('table', { name: 'Policies in the file' }).getByRole('row').filter({ hasText: policy })).toContainText('added');
  await expect(preview.getByRole('status')).toContainText('2 added');
  // The preview changed nothing.
  expect(() => rabbitCount(queue)).toThrow(/not listed/);
  expect(await brokerPolicy(policy)).toBeNull();

  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import definitions' });
  const go = dialog.getByRole('button', { name: 'Import' });
  await expect(go).toBeDisabled();
  await dialog.getByLabel('Type the name to confirm').fill('Local RabbitMQ');
  await go.click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported into all vhosts' })).toContainText('2 added', { timeout: 90_000 });

  expect(rabbitCount(queue)).toBe(0);
  expect((await brokerPolicy(policy))?.definition).toEqual({ 'max-length': 100 });
});
