import { expect, test } from '@playwright/test';
import { createQueue, deleteQueue, e2eName, publishTo } from './support/rabbitmq';

/** Queues and messages are made on the broker directly; the shovel is created by the form, which is what is tested. */
const MGMT = 'http://127.0.0.1:15672/api';
const AUTH = `Basic ${Buffer.from('guest:guest').toString('base64')}`;
const src = e2eName('shovel-src');
const dest = e2eName('shovel-dest');
const shovel = e2eName('shovel');

async function depth(queue: string): Promise<number | undefined> {
  const res = await fetch(`${MGMT}/queues/%2F/${encodeURIComponent(queue)}`, { headers: { authorization: AUTH } });
  return ((await res.json()) as { messages?: number }).messages;
}

test.beforeAll(async () => {
  await Promise.all([createQueue(src), createQueue(dest)]);
  await publishTo(src, ['a', 'b', 'c', 'd']);
  // The preview reads the management API's figures, refreshed every 5 s.
  await expect.poll(() => depth(src), { timeout: 20_000 }).toBe(4);
});

test.afterAll(async () => {
  await fetch(`${MGMT}/parameters/shovel/%2F/${encodeURIComponent(shovel)}`, { method: 'DELETE', headers: { authorization: AUTH } });
  await Promise.all([deleteQueue(src), deleteQueue(dest)]);
});

test('creates a queue -> queue shovel from the form after its preview, and sees it running and moving the messages', async ({ page }) => {
  // Two shared cores and a dev server compiling on first use.
  test.setTimeout(180_000);
  await page.goto('/connections/local-rabbitmq/rabbitmq/shovels');
  await expect(page).toHaveTitle(/Shovels/);
  await page.getByRole('button', { name: 'Create shovel' }).click({ timeout: 30_000 });
  const form = page.getByRole('form', { name: 'New shovel' });
  await form.getByLabel('Shovel name').fill(shovel);
  await form.getByLabel('Source queue').fill(src);
  await form.getByLabel('Destination queue').fill(dest);
  await form.getByLabel('Prefetch').fill('10');
  // Creating is offered only once the current form has been previewed.
  await expect(form.getByRole('button', { name: 'Create shovel' })).toBeDisabled();
  await form.getByRole('button', { name: 'Preview' }).click();
  const preview = form.getByTestId('shovel-preview');
  await expect(preview).toContainText(`the 4 messages in queue "${src}"`, { timeout: 60_000 });
  await expect(preview.getByTestId('shovel-preview-depth')).toHaveText('4');
  await form.getByRole('button', { name: 'Create shovel' }).click();
  await expect(form).toBeHidden({ timeout: 30_000 });

  const row = page.getByTestId('shovel-row').filter({ hasText: shovel });
  await expect(row.getByTestId('shovel-state')).toHaveText('running', { timeout: 30_000 });
  await expect(row).toContainText(`queue ${src}`);
  await expect(row).toContainText(`queue ${dest}`);
  await expect.poll(() => depth(dest), { timeout: 30_000 }).toBe(4);
});
