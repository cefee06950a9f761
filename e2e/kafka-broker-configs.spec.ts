import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';

/*
 * Broker configs in the browser: a cluster-wide default and a broker override set through the UI, checked with
 * Kafka's own kafka-configs, then reset. log.cleaner.backoff.ms is dynamic at both levels and harmless to others.
 */
const KEY = 'log.cleaner.backoff.ms';
const bootstrap = process.env.WHARF_TEST_KAFKA ?? '127.0.0.1:9092';

function kafkaConfigs(entity: string[]): string | undefined {
  const out = execFileSync('bash', ['scripts/kafka.sh', 'configs', '--bootstrap-server', bootstrap, '--entity-type', 'brokers', ...entity, '--describe'], { encoding: 'utf8' });
  return new RegExp(`^ {2}${KEY.replace(/\./g, '\\.')}=(\\S*) `, 'm').exec(out)?.[1];
}
function deleteConfig(entity: string[]): void {
  try {
    execFileSync('bash', ['scripts/kafka.sh', 'configs', '--bootstrap-server', bootstrap, '--entity-type', 'brokers', ...entity, '--alter', '--delete-config', KEY], { stdio: 'ignore' });
  } catch {
    // Nothing was set: there was nothing to delete.
  }
}

test.afterAll(() => {
  deleteConfig(['--entity-default']);
  deleteConfig(['--entity-name', '1']);
});

test('sets a cluster-wide default and a broker override from the broker pages, previewed, as kafka-configs shows, and resets them', async ({ page }) => {
  await page.goto('/connections/local-kafka/brokers');
  await page.getByRole('link', { name: 'Cluster-wide configs' }).click();
  await expect(page).toHaveTitle('Cluster-wide configs · local-kafka · Wharf');
  await page.getByRole('searchbox', { name: 'Filter configs by name' }).fill(KEY);
  await expect(page).toHaveURL(/[?&]q=log\.cleaner\.backoff\.ms/);
  const row = page.getByTestId(`broker-config-${KEY}`);
  await expect(row).toContainText('not set here');

  await row.getByRole('button', { name: `Edit ${KEY}` }).click();
  const dialog = page.getByRole('dialog', { name: `${KEY} (cluster-wide default)` });
  await dialog.getByRole('textbox').fill('16500');
  await expect(dialog.getByTestId('broker-config-preview')).toContainText(/after\s*16500\s*cluster default/);
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('16500');
  await expect(row).toContainText('cluster default');
  expect(kafkaConfigs(['--entity-default'])).toBe('16500');

  // Broker 1 inherits the default; its own override then wins, and falls back to the default when reset.
  await page.getByRole('link', { name: 'Broker 1', exact: true }).click();
  await expect(page).toHaveTitle('Broker 1 configs · local-kafka · Wharf');
  await page.getByRole('searchbox', { name: 'Filter configs by name' }).fill(KEY);
  await expect(row).toContainText('16500');
  await row.getByRole('button', { name: `Edit ${KEY}` }).click();
  const own = page.getByRole('dialog', { name: `${KEY} (broker 1)` });
  await own.getByRole('textbox').fill('not-a-number');
  await own.getByRole('button', { name: 'Apply' }).click();
  await expect(own.getByRole('alert')).toContainText('Kafka refused the change');
  await own.getByRole('textbox').fill('17500');
  await own.getByRole('button', { name: 'Apply' }).click();
  await expect(own).toBeHidden();
  await expect(row).toContainText('broker override');
  await expect(row).toContainText('17500');
  expect(kafkaConfigs(['--entity-name', '1'])).toBe('17500');

  await row.getByRole('button', { name: `Edit ${KEY}` }).click();
  await own.getByRole('radio', { name: 'Reset' }).check();
  await expect(own.getByTestId('broker-config-preview')).toContainText(/after\s*16500\s*cluster default/);
  await own.getByRole('button', { name: 'Reset' }).click();
  await expect(own).toBeHidden();
  await expect(row).toContainText('cluster default');
  expect(kafkaConfigs(['--entity-name', '1'])).toBeUndefined();

  await page.getByRole('link', { name: 'Cluster-wide', exact: true }).click();
  await row.getByRole('button', { name: `Edit ${KEY}` }).click();
  const cluster = page.getByRole('dialog', { name: `${KEY} (cluster-wide default)` });
  await cluster.getByRole('radio', { name: 'Reset' }).check();
  await cluster.getByRole('button', { name: 'Reset' }).click();
  await expect(cluster).toBeHidden();
  await expect(row).toContainText('not set here');
  expect(kafkaConfigs(['--entity-default'])).toBeUndefined();
});
