import { expect, test } from '@playwright/test';
import { consumeAt, createTopic, deleteTopic, e2eTopic, produce } from './support/kafka';

const topic = e2eTopic('messages');

test.beforeAll(() => {
  createTopic(topic, 1);
  produce(topic, [
    ...Array.from({ length: 20 }, (_, i) => `k${i}|{"n":${i},"status":"${i % 4 === 0 ? 'failed' : 'ok'}"}`),
    '<b id="xss-key">bold</b>|<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>',
  ]);
});
test.afterAll(() => deleteTopic(topic));

test('browses the newest messages and shows markup as text', async ({ page }) => {
  await page.goto(`/connections/local-kafka/topics/${topic}`);
  const rows = page.getByTestId('message-row');
  // The list is virtualized: count what was read, not what is in the DOM.
  await expect(page.getByTestId('message-count')).toHaveText('21 messages');
  await expect(rows.first()).toHaveAttribute('data-offset', '20');
  await expect(rows.first().getByTestId('message-value')).toContainText('<script>window.__xss=2</script>');
  await expect(page.locator('#xss-key')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

  await page.getByTestId('message-list').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await page.locator('[data-offset="3"]').click();
  await expect(page.getByTestId('detail-value')).toContainText('"n": 3');
  await expect(page.getByTestId('kcat-command')).toContainText(`-t '${topic}' -p 0 -k 'k3'`);
});

test('filters with a CEL expression and counts matches', async ({ page }) => {
  await page.goto(`/connections/local-kafka/topics/${topic}`);
  await page.getByRole('tab', { name: 'Filter (scan)' }).click();
  await page.getByLabel('Start from').selectOption('earliest');
  await page.getByLabel('Filter expression').fill('value.status == "failed"');
  await page.getByRole('button', { name: 'Scan' }).click();
  await expect(page.getByTestId('scan-done')).toHaveText('reached the end');
  await expect(page.getByTestId('scan-matched')).toHaveText('5');
  await expect(page.getByTestId('scan-scanned')).toHaveText('21');
  await expect(page.getByTestId('message-row')).toHaveCount(5);

  await page.getByLabel('Filter expression').fill('value.status == ');
  await page.getByRole('button', { name: 'Scan' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Scan failed' })).toContainText(/Invalid filter at column \d+/);
});

test('live tail shows a message produced during the test, and pauses', async ({ page }) => {
  await page.goto(`/connections/local-kafka/topics/${topic}`);
  await page.getByRole('tab', { name: 'Live tail' }).click();
  await page.getByRole('button', { name: 'Start tail' }).click();
  await expect(page.getByTestId('scan-status')).toContainText('live');
  const marker = `live-${Date.now()}`;
  produce(topic, [`${marker}|hello from kcat`]);
  await expect(page.getByTestId('message-row').filter({ hasText: marker })).toBeVisible({ timeout: 5000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  const paused = `paused-${Date.now()}`;
  produce(topic, [`${paused}|while paused`]);
  await page.getByRole('button', { name: 'Resume' }).click();
  // Resuming continues from where the tail paused, so nothing produced meanwhile is missed.
  await expect(page.getByTestId('message-row').filter({ hasText: paused })).toBeVisible({ timeout: 5000 });
});

test('produces a message that kcat reads back', async ({ page }) => {
  await page.goto(`/connections/local-kafka/topics/${topic}`);
  await page.getByRole('button', { name: 'Produce' }).click();
  const dialog = page.getByRole('dialog', { name: `Produce to ${topic}` });
  await dialog.getByLabel('Key', { exact: true }).fill('from-ui');
  await dialog.getByLabel('Value', { exact: true }).fill('{"made":"in the browser"');
  await expect(dialog.getByText(/Not valid JSON/)).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Produce' })).toBeDisabled();
  await dialog.getByLabel('Value', { exact: true }).fill('{"made":"in the browser"}');
  await dialog.getByRole('button', { name: 'Produce' }).click();
  const result = dialog.getByTestId('produce-result');
  await expect(result).toContainText('partition 0 at offset');
  const offset = Number(/offset (\d+)/.exec((await result.textContent()) ?? '')?.[1]);
  expect(consumeAt(topic, 0, offset)).toBe('from-ui|{"made":"in the browser"}');
});
