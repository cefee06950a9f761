import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { createQueue, deleteQueue, e2eName, queuePath } from './support/rabbitmq';

/** Queues are created on the broker; the policy is created, checked and deleted through the page. */
const prefix = e2eName('pol');
const matched = [`${prefix}-a`, `${prefix}-b`];
const untouched = `${prefix}x-c`;
const policy = `${prefix}-limit`;
const AUTH = `Basic ${Buffer.from('guest:guest').toString('base64')}`;

const policyNames = () => (JSON.parse(execFileSync('rabbitmqctl', ['-q', 'list_policies', '-p', '/', '--formatter', 'json'], { encoding: 'utf8' }) || '[]') as Array<{ name: string }>).map((p) => p.name);

test.beforeAll(async () => {
  await Promise.all([...matched, untouched].map((q) => createQueue(q)));
});

test.afterAll(async () => {
  // Only when a test failed half-way: the page deletes it otherwise.
  await fetch(`http://127.0.0.1:15672/api/policies/%2F/${encodeURIComponent(policy)}`, { method: 'DELETE', headers: { authorization: AUTH } });
  await Promise.all([...matched, untouched].map((q) => deleteQueue(q)));
});

test('creates a policy after a preview of the queues it changes, then deletes it with its name typed back', async ({ page }) => {
  // The dev server recompiles and the shared broker answers slowly on a busy machine: each step gets minutes.
  test.setTimeout(420_000);
  await page.goto('/connections/local-rabbitmq');
  const nav = page.getByRole('navigation', { name: 'Connections' }).locator('a[href="/connections/local-rabbitmq/rabbitmq/policies"]');
  await expect(nav).toHaveText('Policies');
  await nav.click();
  await expect(page).toHaveTitle(/Policies/, { timeout: 60_000 });
  await page.getByRole('button', { name: 'New policy' }).click();
  const form = page.getByRole('form', { name: 'New policy' });
  await form.getByLabel('Policy name').fill(policy);
  await form.getByLabel('Vhost').selectOption('/');
  await form.getByLabel('Pattern').fill(`^${prefix}-`);
  await form.getByLabel('Apply to').selectOption('queues');
  await form.getByLabel('Priority').fill('7');
  await form.getByLabel('Definition').fill('{"max-length": 42}');

  const rows = form.getByTestId('policy-change-row');
  await expect(rows).toHaveCount(2, { timeout: 90_000 });
  for (const q of matched) await expect(rows.filter({ hasText: q })).toContainText('"max-length":42');
  await expect(form.getByTestId('policy-preview-summary')).toContainText('would select 2 of');
  await expect(form).not.toContainText(untouched);

  await form.getByRole('button', { name: 'Create policy' }).click();
  await expect(form).toBeHidden({ timeout: 90_000 });
  const row = page.getByRole('region', { name: 'Policies' }).getByTestId('policy-row').filter({ hasText: policy });
  await expect(row).toBeVisible({ timeout: 60_000 });
  expect(policyNames()).toContain(policy);
  // The broker applies it and reports it with the next stats emission (every 5 s).
  await expect(row.getByTestId('policy-effective-on')).toHaveText('2', { timeout: 60_000 });

  await page.goto(queuePath(matched[0]));
  await expect(page.getByText(policy)).toBeVisible({ timeout: 60_000 });

  await page.goto('/connections/local-rabbitmq/rabbitmq/policies');
  await page.getByRole('region', { name: 'Policies' }).getByTestId('policy-row').filter({ hasText: policy }).getByRole('button', { name: `Delete ${policy}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete policy' });
  await expect(dialog.getByTestId('policy-change-row')).toHaveCount(2, { timeout: 90_000 });
  await expect(dialog.getByRole('button', { name: 'Delete' })).toBeDisabled();
  await dialog.getByLabel('Type the name to confirm').fill(policy);
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(dialog).toBeHidden({ timeout: 90_000 });
  await expect(page.getByTestId('policy-row').filter({ hasText: policy })).toHaveCount(0, { timeout: 60_000 });
  expect(policyNames()).not.toContain(policy);
});
