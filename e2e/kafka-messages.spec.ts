import { execFileSync } from 'node:child_process';
import { Producer, ProduceAcks } from '@platformatic/kafka';
import { expect, test } from '@playwright/test';
import { BOOTSTRAP } from '../test/support/kafka';
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

const committedCount = (topic: string) =>
  execFileSync('kcat', ['-b', BOOTSTRAP, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-X', 'isolation.level=read_committed', '-f', '%o\\n'], { encoding: 'utf8' }).split('\n').filter(Boolean).length;

test.describe('transactions', () => {
  const txTopic = e2eTopic('txn');

  // Written by a real transactional producer: c0 c1 committed, a0 a1 aborted, c2 committed (markers between).
  test.beforeAll(async () => {
    createTopic(txTopic, 1);
    const producer = new Producer({ clientId: 'wharf-e2e-txn', bootstrapBrokers: [BOOTSTRAP], idempotent: true, transactionalId: `${txTopic}-tx`, acks: ProduceAcks.ALL, autocreateTopics: false });
    try {
      for (const [texts, commit] of [[['c0', 'c1'], true], [['a0', 'a1'], false], [['c2'], true]] as const) {
        const tx = await producer.beginTransaction();
        await tx.send({ messages: texts.map((t) => ({ topic: txTopic, partition: 0, key: Buffer.from(t), value: Buffer.from(`{"kind":"${commit ? 'kept' : 'aborted'}"}`) })) });
        await (commit ? tx.commit() : tx.abort());
      }
    } finally {
      await producer.close();
    }
    // EndTxn answers before the markers are written: wait until a read-committed kcat sees the three.
    for (let i = 0; i < 100 && committedCount(txTopic) < 3; i++) await new Promise((r) => setTimeout(r, 100));
  });
  test.afterAll(() => deleteTopic(txTopic));

  test('shows committed messages by default, and aborted ones flagged with "Show uncommitted"', async ({ page }) => {
    await page.goto(`/connections/local-kafka/topics/${txTopic}`);
    await expect(page.getByTestId('message-count')).toHaveText('3 messages');
    await expect(page.getByTestId('transaction-badge')).toHaveCount(0);

    await page.getByLabel('Show uncommitted').check();
    await expect(page).toHaveURL(/isolation=read_uncommitted/);
    await page.getByRole('button', { name: 'Read' }).click();
    await expect(page.getByTestId('message-count')).toHaveText('5 messages');
    await expect(page.locator('[data-transaction="aborted"]')).toHaveCount(2);
    await page.locator('[data-transaction="aborted"]').first().click();
    await expect(page.getByTestId('detail-transaction')).toHaveText('aborted');

    // The switch is URL state: a reload keeps it.
    await page.reload();
    await expect(page.getByLabel('Show uncommitted')).toBeChecked();
    await expect(page.getByTestId('message-count')).toHaveText('5 messages');

    await page.getByRole('tab', { name: 'Filter (scan)' }).click();
    await page.getByLabel('Start from').selectOption('earliest');
    await page.getByLabel('Filter expression').fill('value.kind == "aborted"');
    await page.getByRole('button', { name: 'Scan' }).click();
    await expect(page.getByTestId('scan-matched')).toHaveText('2');
    await page.getByLabel('Show uncommitted').uncheck();
    await page.getByRole('button', { name: 'Scan' }).click();
    await expect(page.getByTestId('scan-done')).toHaveText('reached the end');
    await expect(page.getByTestId('scan-matched')).toHaveText('0');
    await expect(page.getByTestId('scan-scanned')).toHaveText('3');
  });
});
