import { expect, test } from '@playwright/test';
import { createTopic, deleteTopic, e2eTopic, kafkaTopicsCli, topicExists } from './support/kafka';

const created = e2eTopic('ui-created');
const listed = e2eTopic('listed');

test.beforeAll(() => createTopic(listed, 3));
test.afterAll(() => {
  deleteTopic(created);
  deleteTopic(listed);
});

test('topic list searches, keeps its filters in the URL, and shows brokers', async ({ page }) => {
  await page.goto(`/connections/local-kafka/topics?q=${listed}`);
  const row = page.getByTestId('topic-row').filter({ hasText: listed });
  await expect(row).toBeVisible();
  await expect(row).toContainText('3');
  await page.getByRole('button', { name: /Partitions/ }).click();
  await expect(page).toHaveURL(/sort=partitions/);
  await expect(page.getByTestId('snapshot-age')).toContainText('snapshot taken');

  await page.goto('/connections/local-kafka/brokers');
  await expect(page.getByTestId('brokers-table')).toContainText('127.0.0.1:9092');
  await expect(page.getByTestId('cluster-version')).toHaveText(process.env.WHARF_TEST_KAFKA_VERSION ?? '');
});

test('creates a topic and deletes it after typing its name', async ({ page }) => {
  // Two page navigations and two controller round trips; a dev server compiles pages on first visit.
  test.slow();
  await page.goto('/connections/local-kafka/topics');
  await page.getByRole('button', { name: 'Create topic' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create topic' });
  await dialog.getByLabel('Name').fill(created);
  await dialog.getByLabel('Partitions').fill('2');
  await dialog.getByLabel(/Configs/).fill('retention.ms=7200000');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { name: created })).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId('topic-partitions')).toHaveText('2');
  const described = kafkaTopicsCli('--describe', '--topic', created);
  expect(described).toMatch(/PartitionCount: 2/);
  expect(described).toMatch(/retention\.ms=7200000/);

  await page.getByRole('button', { name: 'Delete topic' }).click();
  const confirm = page.getByRole('dialog', { name: `Delete topic ${created}` });
  const submit = confirm.getByRole('button', { name: 'Delete topic' });
  await expect(submit).toBeDisabled();
  await confirm.getByLabel('Topic name to confirm').fill(created);
  await submit.click();
  await expect(page).toHaveURL(/\/connections\/local-kafka\/topics$/, { timeout: 45_000 });
  await expect.poll(() => topicExists(created)).toBe(false);
});

test('a read-only connection hides create, delete and produce', async ({ page }) => {
  await page.goto(`/connections/readonly-kafka/topics/${listed}`);
  await expect(page.getByRole('heading', { name: listed })).toBeVisible();
  await expect(page.getByTestId('topic-partitions')).toHaveText('3');
  await expect(page.getByRole('button', { name: 'Delete topic' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Produce' })).toHaveCount(0);
  await page.goto('/connections/readonly-kafka/topics');
  await expect(page.getByRole('heading', { name: 'Topics' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create topic' })).toHaveCount(0);
});
