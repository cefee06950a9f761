import { execFileSync } from 'node:child_process';
import { expect, test, type Locator } from '@playwright/test';

/*
 * Node health in Chromium against the local RabbitMQ: resources against their limits, checks, plugins, feature flags,
 * history; then a real disk alarm (the disk free limit raised above the free space with rabbitmqctl) as the page
 * shows it, and cleared again. Playwright runs one spec at a time here, so the alarm blocks no other test's publisher.
 */
const ctl = (...args: string[]) => execFileSync('rabbitmqctl', ['-q', ...args], { encoding: 'utf8' });
const diskLimit = () => (JSON.parse(execFileSync('rabbitmq-diagnostics', ['-q', 'status', '--formatter', 'json'], { encoding: 'utf8' })) as { disk_free_limit: number }).disk_free_limit;
const points = async (chart: Locator) => Number(await chart.getAttribute('data-points'));
const NODE = 'rabbit@localhost';

let restoreTo = 0;
test.beforeAll(() => {
  restoreTo = diskLimit();
});
test.afterAll(() => {
  ctl('set_disk_free_limit', String(restoreTo));
});

test.setTimeout(120_000);

test('the nodes page shows each node against its limits, the health checks, plugins, flags and history', async ({ page }) => {
  await page.goto('/connections/local-rabbitmq/rabbitmq');
  await page.getByRole('link', { name: 'Node health, checks and feature flags' }).click();
  await expect(page).toHaveURL(/\/connections\/local-rabbitmq\/rabbitmq\/nodes$/);
  await expect(page).toHaveTitle('Nodes · local-rabbitmq · Wharf');
  await expect(page.getByRole('heading', { name: 'Nodes', level: 1 })).toBeVisible();

  const node = page.getByRole('region', { name: `Node ${NODE}` });
  await expect(node.getByText('running', { exact: true })).toBeVisible({ timeout: 30_000 });
  for (const g of ['Memory', 'Disk free', 'File descriptors', 'Sockets', 'Erlang processes']) {
    await expect(node.getByRole('meter', { name: g })).toBeVisible();
  }
  await expect(node.getByTestId('gauge-memory')).toHaveAttribute('data-level', 'ok');
  await expect(node.getByRole('meter', { name: 'Disk free' })).toHaveAttribute('aria-valuetext', /free, alarm at 48 MiB$/);
  await expect(node.getByTestId('node-partitions')).toHaveText('Partitions: none');
  await expect(node.getByTestId('node-plugins')).toContainText('rabbitmq_management');

  const checks = page.getByRole('region', { name: 'Health checks' });
  await expect(checks.getByTestId('health-summary')).toContainText('All 8 checks passed');
  await expect(checks.getByTestId('health-check-quorum-critical')).toContainText('single node cluster');
  await expect(checks.getByTestId('health-check-is-in-service')).toContainText('needs RabbitMQ 3.13.0 or later');

  await expect(page.getByRole('region', { name: 'Deprecated features in use' })).toContainText('Unknown: see the notes above.');
  await expect(page.getByRole('list', { name: 'Notes' })).toContainText('RabbitMQ 3.10.8 does not report deprecated features in use');
  const flags = page.getByRole('region', { name: 'Feature flags' });
  await expect(flags.getByTestId('feature-flag-quorum_queue')).toContainText('enabled');

  // History from the shared sampler, growing live.
  const memory = page.getByTestId('node-memory-chart');
  await expect.poll(() => points(memory), { timeout: 45_000 }).toBeGreaterThanOrEqual(2);
  await expect(memory.locator('.recharts-line path').first()).toHaveAttribute('d', /^M[\d.]+,[\d.]+[LC]/);
  await expect.poll(() => points(page.getByTestId('node-processes-chart')), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
  await page.getByRole('button', { name: '1h', exact: true }).click();
  await expect(page).toHaveURL(/range=1h/);
});

test('a disk alarm turns the node and the alarm checks red, with the broker reason, until it clears', async ({ page }) => {
  await page.goto('/connections/local-rabbitmq/rabbitmq/nodes');
  const node = page.getByRole('region', { name: `Node ${NODE}` });
  await expect(node.getByTestId('gauge-disk')).toHaveAttribute('data-level', 'ok', { timeout: 30_000 });
  ctl('set_disk_free_limit', String(10 ** 15));
  try {
    // The page polls every 5 s: no reload.
    await expect(node.getByText('disk alarm', { exact: true })).toBeVisible({ timeout: 40_000 });
    await expect(node.getByTestId('gauge-disk')).toHaveAttribute('data-level', 'alarm');
    await expect(node.getByTestId('gauge-disk')).toContainText('ALARM');
    const checks = page.getByRole('region', { name: 'Health checks' });
    await expect(checks.getByTestId('health-summary')).toContainText('2 of 8 checks failed');
    await expect(checks.getByTestId('health-check-alarms')).toHaveAttribute('data-passed', 'false');
    await expect(checks.getByTestId('health-check-alarms')).toContainText(`There are alarms in effect in the cluster: disk space on ${NODE}`);
  } finally {
    ctl('set_disk_free_limit', String(restoreTo));
  }
  await expect(node.getByText('disk alarm', { exact: true })).toBeHidden({ timeout: 40_000 });
  await expect(page.getByRole('region', { name: 'Health checks' }).getByTestId('health-summary')).toContainText('All 8 checks passed', { timeout: 20_000 });
});
