import { expect, test } from '@playwright/test';
import { describeWithKafkaTool, lagFixture, uniqueName, type LagFixture } from '../test/lag/kafka-fixture';

let f: LagFixture;
let topic: string;
const groupId = uniqueName('e2e-reset');

test.beforeAll(async () => {
  f = await lagFixture();
  topic = await f.createTopic(2);
  await f.produce(topic, 12, 0);
  await f.produce(topic, 8, 1);
  await f.commit(groupId, topic, [
    { partition: 0, offset: 12 },
    { partition: 1, offset: 8 },
  ]);
});

// The group page needs the sampler's first ticks; give a busy machine room.
test.setTimeout(120_000);

test.afterAll(() => f?.cleanup());

test('resets a group to earliest after a dry-run preview and a typed confirmation', async ({ page }) => {
  await page.goto(`/connections/local-kafka/consumer-groups/${encodeURIComponent(groupId)}`);
  await expect(page.getByTestId('group-total-lag')).toHaveText('0', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Reset offsets' }).click();
  const dialog = page.getByRole('dialog', { name: `Reset offsets of ${groupId}` });
  await dialog.getByLabel('Scope').selectOption('group');
  await dialog.getByLabel('Reset to').selectOption('earliest');
  await dialog.getByRole('button', { name: 'Preview (dry run)' }).click();

  const rows = dialog.getByTestId('offset-change');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('12');
  await expect(rows.nth(0).locator('td').nth(3)).toHaveText('0');
  // The dry run changed nothing.
  expect((await describeWithKafkaTool(groupId)).map((p) => p.current)).toEqual([12, 8]);

  const apply = dialog.getByRole('button', { name: 'Apply reset' });
  await expect(apply).toBeDisabled();
  await dialog.getByLabel('Confirm group name').fill(groupId);
  await apply.click();
  await expect(dialog.getByRole('status')).toContainText('Offsets reset on 2 partitions', { timeout: 45_000 });

  expect((await describeWithKafkaTool(groupId)).map((p) => [p.partition, p.current, p.lag])).toEqual([
    [0, 0, 12],
    [1, 0, 8],
  ]);
  await dialog.getByRole('button', { name: 'Close' }).first().click();
  await expect(page.getByTestId('group-total-lag')).toHaveText('20');
});
