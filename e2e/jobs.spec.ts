import { expect, test } from '@playwright/test';
import { createTopic, deleteTopic, e2eTopic, kafkaTopicsCli, produce } from './support/kafka';

test.describe('replay and purge from the topic page', () => {
  const source = e2eTopic('replay-src');
  const target = `${source}.replay`;

  test.beforeAll(() => {
    createTopic(source, 2);
    produce(source, Array.from({ length: 3000 }, (_, i) => `k${i}|{"n":${i},"even":${i % 2 === 0}}`), 0);
    produce(source, Array.from({ length: 3000 }, (_, i) => `k${i}|{"n":${i},"even":${i % 2 === 0}}`), 1);
  });
  test.afterAll(() => {
    deleteTopic(source);
    deleteTopic(target);
  });

  test('the replay form fits its dialog, and a dry run answers beside the form it counted', async ({ page }) => {
    await page.goto(`/connections/local-kafka/topics/${source}`);
    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Replay messages from ${source}` });
    await dialog.getByLabel('To (exclusive)').selectOption('offset');
    const to = dialog.getByLabel('To (exclusive) offset');
    await to.fill('1000');
    const [box, field] = [await dialog.boundingBox(), await to.boundingBox()];
    expect(field!.x + field!.width).toBeLessThanOrEqual(box!.x + box!.width);
    await dialog.getByLabel('Filter (CEL, optional)').fill('value.even');
    await dialog.getByRole('button', { name: 'Dry run (count only)' }).click();
    await expect(dialog.getByTestId('dry-run-result')).toContainText('1,000', { timeout: 30_000 });
    await expect(page).not.toHaveURL(/\/jobs\//);
    await expect(dialog.getByLabel('Filter (CEL, optional)')).toHaveValue('value.even');
    await expect(to).toHaveValue('1000');
  });

  test('a filtered replay runs as a job with a progress bar and a verified result', async ({ page }) => {
    await page.goto(`/connections/local-kafka/topics/${source}`);
    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Replay messages from ${source}` });
    await dialog.getByLabel('Filter (CEL, optional)').fill('value.even');
    await dialog.getByRole('button', { name: 'Start replay' }).click();
    await expect(page).toHaveURL(/\/jobs\/job-/);
    await expect(page.getByRole('progressbar')).toBeVisible();
    await expect(page.getByTestId('job-progress')).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
    await expect(page.getByTestId('job-written')).toHaveText('3,000');
    await expect(page.getByTestId('job-result')).toContainText('Verification: passed');
    expect(kafkaTopicsCli('--describe', '--topic', target)).toContain('PartitionCount: 2');
    await page.goto('/jobs');
    await expect(page.getByRole('link', { name: `Replay local-kafka/${source} where value.even → local-kafka/${target}`, exact: true })).toBeVisible();
  });

  test('purge previews per partition, asks for the name, and deletes', async ({ page }) => {
    await page.goto(`/connections/local-kafka/topics/${source}`);
    await page.getByRole('button', { name: 'Purge' }).click();
    const dialog = page.getByRole('dialog', { name: `Purge ${source}` });
    await dialog.getByLabel('Partitions (empty: all)').fill('1');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await expect(dialog.getByTestId('purge-total')).toHaveText('3,000 messages will be deleted.');
    const purge = dialog.getByRole('button', { name: 'Purge 3,000 messages' });
    await expect(purge).toBeDisabled();
    await dialog.getByLabel('Type the topic name to confirm').fill(source);
    await purge.click();
    await expect(dialog.getByTestId('purge-done')).toContainText('Deleted 3,000 messages; new start offsets confirmed by the broker');
  });
});
