import { expect, test, type Page } from '@playwright/test';

// These run against the login-enabled server (test/wharf.auth.yaml; see playwright.config.ts).
const AUTH_URL = process.env.E2E_AUTH_BASE_URL ?? 'http://127.0.0.1:3101';
test.use({ baseURL: AUTH_URL });

const PASSWORD = 'wharf-test-password';
const MGMT = 'http://127.0.0.1:15672/api';
const AUTHZ = { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}`, 'content-type': 'application/json' };
const queue = `e2e-${Date.now()}-sec`;
const queuePath = `/connections/local-rabbitmq/queues/%2F/${encodeURIComponent(queue)}`;

/** Test data goes straight to the broker, not through the UI. */
test.beforeAll(async () => {
  const made = await fetch(`${MGMT}/queues/%2F/${encodeURIComponent(queue)}`, { method: 'PUT', headers: AUTHZ, body: JSON.stringify({ durable: false, auto_delete: false }) });
  expect(made.ok).toBe(true);
  for (let i = 0; i < 3; i++) {
    await fetch(`${MGMT}/exchanges/%2F/amq.default/publish`, { method: 'POST', headers: AUTHZ, body: JSON.stringify({ properties: {}, routing_key: queue, payload: `m${i}`, payload_encoding: 'string' }) });
  }
});

test.afterAll(async () => {
  await fetch(`${MGMT}/queues/%2F/${encodeURIComponent(queue)}`, { method: 'DELETE', headers: AUTHZ });
});

async function signIn(page: Page, username: string, next = '/') {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toContainText(username);
}

test('signed-out visitors go to the login page; a wrong password is refused', async ({ page }) => {
  await page.goto(queuePath);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel('Username').fill('viewer');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Sign-in failed' })).toContainText('Wrong username or password');
});

test('a viewer sees neither message contents nor purge', async ({ page }) => {
  await signIn(page, 'viewer', queuePath);
  await expect(page.getByRole('heading', { name: queue })).toBeVisible();
  await expect(page.getByTestId('queue-total')).toContainText('3');
  // A viewer sees metadata only: no message contents, no changes.
  await expect(page.getByRole('link', { name: 'Inspect messages' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Purge' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Audit' })).toHaveCount(0);
});

test('an operator purges, and an admin finds it in the audit log', async ({ page }) => {
  await signIn(page, 'operator', queuePath);
  // Deleting the queue itself is admin work.
  await expect(page.getByRole('button', { name: 'Purge' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Purge' }).click();
  const dialog = page.getByRole('dialog', { name: 'Purge queue' });
  await dialog.getByLabel('Type the name to confirm').fill(queue);
  await dialog.getByRole('button', { name: 'Purge' }).click();
  await expect(page.getByText('Purged 3 messages')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/, { timeout: 30_000 });
  await signIn(page, 'admin', '/audit');
  // Wait for the entries (and so hydration) before filtering, or the typed filter is lost.
  await expect(page.getByTestId('audit-table')).toBeVisible();
  await page.getByLabel('Path contains').fill(queue);
  const row = page.getByTestId('audit-row').filter({ hasText: 'operator' }).filter({ hasText: 'DELETE' }).filter({ hasText: 'ok (200)' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('"purged":3');
  await expect(row).toContainText('local-rabbitmq');
});
