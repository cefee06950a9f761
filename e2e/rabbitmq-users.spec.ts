import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { e2eName } from './support/rabbitmq';

/** Users are created here by clicking only because creating one is what is tested; cleanup talks to the broker. */
const MGMT = 'http://127.0.0.1:15672/api';
const AUTH = `Basic ${Buffer.from('guest:guest').toString('base64')}`;
const user = e2eName('user');
const password = `e2e-secret-${Date.now()}`;

const ctlUsers = () => JSON.parse(execFileSync('rabbitmqctl', ['-q', 'list_users', '--formatter', 'json'], { encoding: 'utf8' })) as Array<{ user: string; tags: string[] }>;
const ctlPermissions = () => JSON.parse(execFileSync('rabbitmqctl', ['-q', 'list_permissions', '-p', '/', '--formatter', 'json'], { encoding: 'utf8' })) as Array<Record<string, string>>;

async function signsIn(name: string, pw: string): Promise<boolean> {
  const res = await fetch(`${MGMT}/whoami`, { headers: { authorization: `Basic ${Buffer.from(`${name}:${pw}`).toString('base64')}` } });
  await res.body?.cancel();
  return res.ok;
}

test.afterAll(async () => {
  await fetch(`${MGMT}/users/${encodeURIComponent(user)}`, { method: 'DELETE', headers: { authorization: AUTH } });
});

test('creates a user with a password and a permission, lists it, and deletes it after the preview and the typed name', async ({ page }) => {
  // A dev server on a shared two-core machine compiles each page on first use.
  test.setTimeout(240_000);
  const responses: string[] = [];
  page.on('response', async (res) => {
    if (res.url().includes('/rabbitmq/users')) responses.push(await res.text().catch(() => ''));
  });
  await page.goto('/connections/local-rabbitmq');
  await page.getByRole('navigation', { name: 'Connections' }).locator('a[href="/connections/local-rabbitmq/rabbitmq/users"]').click();
  await expect(page).toHaveURL(/\/rabbitmq\/users$/, { timeout: 90_000 });
  await expect(page).toHaveTitle(/RabbitMQ users/);
  await expect(page.getByTestId('user-row').filter({ hasText: 'guest' })).toContainText('Wharf', { timeout: 60_000 });

  await page.getByRole('button', { name: 'New user' }).click();
  const form = page.getByRole('form', { name: 'New user' });
  await form.getByLabel('User name').fill(user);
  await form.getByLabel('Password').fill(password);
  await form.getByLabel('management').check();
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form).toBeHidden();
  const row = page.getByTestId('user-row').filter({ hasText: user });
  await expect(row).toBeVisible();
  await expect(row.getByTestId('user-tags')).toHaveText('management');
  await expect(row).toContainText('set');
  expect(ctlUsers().find((u) => u.user === user)).toEqual({ user, tags: ['management'] });
  expect(await signsIn(user, password)).toBe(true);

  await row.getByRole('button', { name: 'Permissions' }).click();
  const perms = page.getByRole('dialog', { name: `Permissions of ${user}` });
  const setForm = perms.getByRole('form', { name: 'Set permission' });
  await setForm.getByLabel('Configure').fill(`^${user}-`);
  await setForm.getByLabel('Write').fill('(bad');
  await setForm.getByRole('button', { name: 'Set permission' }).click();
  await expect(setForm.getByRole('alert')).toContainText('body field write: not a valid regular expression');
  await setForm.getByLabel('Write').fill('.*');
  await setForm.getByLabel('Read').fill('');
  await setForm.getByRole('button', { name: 'Set permission' }).click();
  await expect(perms.getByTestId('permission-row')).toHaveCount(1);
  await expect(perms.getByTestId('permission-row')).toContainText(`^${user}-`);
  await perms.getByRole('button', { name: 'Done' }).click();
  await expect(row.getByTestId('user-permission')).toContainText(`/: ^${user}-`);
  expect(ctlPermissions().find((p) => p.user === user)).toEqual({ user, configure: `^${user}-`, write: '.*', read: '' });

  await row.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete user' });
  await expect(dialog.getByTestId('user-delete-preview')).toContainText('permissions on 1 vhost: /');
  await expect(dialog.getByTestId('user-delete-preview')).toContainText('0 open connections');
  const confirm = dialog.getByRole('button', { name: 'Delete user' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Type the name to confirm').fill(user.slice(0, -1));
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Type the name to confirm').fill(user);
  await confirm.click();
  await expect(dialog).toBeHidden();
  await expect(row).toHaveCount(0);
  expect(ctlUsers().find((u) => u.user === user)).toBeUndefined();
  expect(ctlPermissions().find((p) => p.user === user)).toBeUndefined();

  // Nothing the browser received holds the password or any password hash.
  expect(responses.length).toBeGreaterThan(2);
  for (const r of responses) {
    expect(r).not.toContain(password);
    expect(r).not.toContain('password_hash');
  }
});
