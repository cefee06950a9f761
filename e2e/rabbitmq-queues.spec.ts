import { expect, test } from '@playwright/test';
import {
  bindQueue,
  createExchange,
  createQueue,
  deadLetterOne,
  deleteExchange,
  deleteQueue,
  e2eName,
  exchangePath,
  publishTo,
  queuePath,
  rabbitCount,
} from './support/rabbitmq';

const odd = e2eName('a b/ü');
const inspectQ = e2eName('inspect');
const purgeQ = e2eName('purge');
const target = e2eName('target');
const ex = e2eName('orders');
const worker = e2eName('worker');
const dlq = e2eName('worker.dlq');
const limited = e2eName('limited');
const limitedDlq = e2eName('limited.dlq');
const queues = [odd, inspectQ, purgeQ, target, worker, dlq, limited, limitedDlq];

test.beforeAll(async () => {
  await Promise.all([createQueue(odd), createQueue(inspectQ), createQueue(purgeQ), createQueue(target), createQueue(dlq), createExchange(ex)]);
  await createQueue(worker, { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': dlq });
  await Promise.all([bindQueue(ex, target, 'to-target'), bindQueue(ex, worker, 'order.new')]);
  await publishTo(odd, ['1', '2', '3']);
  await publishTo(inspectQ, ['{"html":"<script>alert(1)</script>"}', 'plain text'], { source: '<b>bold?</b>' });
  await publishTo(
    purgeQ,
    Array.from({ length: 25 }, (_, i) => String(i)),
  );
  await deadLetterOne(ex, 'order.new', worker, '{"order":42}');
  await createQueue(limitedDlq);
  await createQueue(limited, { 'x-queue-type': 'quorum', 'x-delivery-limit': 2, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': limitedDlq });
  await publishTo(limited, ['first', 'second']);
});

test.afterAll(async () => {
  await Promise.all(queues.map(deleteQueue));
  await deleteExchange(ex);
});

test('browses queues: search, sort in the URL, and a detail page for an odd name', async ({ page }) => {
  await page.goto(`/connections/local-rabbitmq/queues?search=${encodeURIComponent(odd)}`);
  const row = page.getByTestId('queue-row').filter({ hasText: odd });
  // The broker filters every queue it has for this page; on a shared node holding 10,000 bench queues that is slow.
  await expect(row).toBeVisible({ timeout: 40_000 });
  await page.getByRole('button', { name: /^Ready/ }).click();
  await expect(page).toHaveURL(/sort=ready/);
  await expect(page.getByRole('columnheader', { name: /Ready/ })).toHaveAttribute('aria-sort', 'ascending');
  await row.getByRole('link', { name: odd }).click();
  await expect(page.getByRole('heading', { name: odd })).toBeVisible();
  // The management API refreshes its stats every few seconds.
  await expect(page.getByTestId('queue-total')).toHaveText('3', { timeout: 20_000 });
  expect(rabbitCount(odd)).toBe(3);
});

test('publishes to an exchange and reports routed, then unroutable', async ({ page }) => {
  await page.goto(exchangePath(ex));
  const form = page.getByRole('form', { name: 'Publish message' });
  await form.getByLabel('Routing key').fill('to-target');
  await form.getByLabel('Payload', { exact: true }).fill('hello from the browser');
  await form.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByTestId('publish-result')).toContainText('Routed');
  expect(rabbitCount(target)).toBe(1);
  await form.getByLabel('Routing key').fill('nobody-listens');
  await form.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByTestId('publish-result')).toContainText('Unroutable');
  expect(rabbitCount(target)).toBe(1);
});

test('inspects messages, shows HTML as text, and leaves the count unchanged', async ({ page }) => {
  await page.goto(queuePath(inspectQ, '/messages'));
  await expect(page.getByTestId('inspect-explainer')).toContainText('redelivered');
  await page.getByRole('button', { name: 'Get and requeue' }).click();
  await expect(page.getByTestId('inspected-message')).toHaveCount(2);
  await expect(page.getByTestId('payload').first()).toContainText('<script>alert(1)</script>');
  await expect(page.getByTestId('headers').first()).toContainText('<b>bold?</b>');
  await expect(page.getByTestId('inspect-counts')).toHaveText(/before: 2 · after: 2/);
  expect(rabbitCount(inspectQ)).toBe(2);
});

test('reads a quorum queue with a delivery limit only when confirmed, says what is left per message, and never dead-letters', async ({ page }) => {
  expect(rabbitCount(limited)).toBe(2);
  await page.goto(queuePath(limited, '/messages'));
  await expect(page.getByTestId('inspect-explainer')).toContainText('counts every requeue');
  const readOnce = async (expectInDialog: RegExp) => {
    await page.getByRole('button', { name: 'Get and requeue' }).click();
    const dialog = page.getByRole('dialog', { name: 'Read and requeue?' });
    await expect(dialog.getByTestId('read-plan')).toContainText(expectInDialog);
    await dialog.getByRole('button', { name: 'Read and requeue' }).click();
    await expect(dialog).toBeHidden();
  };
  await readOnce(/not seen by Wharf yet/);
  await expect(page.getByTestId('delivery')).toHaveText(['delivery count 0 · 1 requeue left', 'delivery count 0 · 1 requeue left']);
  await readOnce(/#1: 1 requeue left, none after this read/);
  await expect(page.getByTestId('delivery').first()).toContainText('0 requeues left: the next requeue or failed delivery dead-letters it');
  await readOnce(/#1: at its delivery limit \(2 of 2\): not read/);
  await expect(page.getByTestId('inspect-stopped')).toContainText('Stopped before message #1');
  await expect(page.getByTestId('inspected-message')).toHaveCount(0);
  expect([rabbitCount(limited), rabbitCount(limitedDlq)]).toEqual([2, 0]);
});

test('purges after the name is typed back and reports how many were removed', async ({ page }) => {
  await page.goto(queuePath(purgeQ));
  await page.getByRole('button', { name: 'Purge' }).click();
  const dialog = page.getByRole('dialog', { name: 'Purge queue' });
  await expect(dialog.getByRole('button', { name: 'Purge' })).toBeDisabled();
  await dialog.getByLabel('Type the name to confirm').fill(purgeQ);
  await dialog.getByRole('button', { name: 'Purge' }).click();
  await expect(page.getByTestId('purge-result')).toHaveText('Purged 25 messages.');
  expect(rabbitCount(purgeQ)).toBe(0);
});

test('moves a dead-lettered message back to where it came from', async ({ page }) => {
  expect(rabbitCount(dlq)).toBe(1);
  await page.goto(queuePath(dlq, '/move'));
  // The proposal reads the head message and puts it back: only when asked (a POST), never on page load.
  await page.getByRole('button', { name: 'Propose a target from the first message' }).click();
  await expect(page.getByTestId('redrive-proposal')).toContainText(worker);
  await expect(page.getByLabel('Exchange (empty: default exchange)')).toHaveValue(ex);
  await expect(page.getByLabel('Routing key', { exact: true })).toHaveValue('order.new');
  // A move previews what it will do (how many, where the bindings route them) and asks for the queue's name.
  await page.getByRole('button', { name: 'Move…' }).click();
  const dialog = page.getByRole('dialog', { name: `Move messages out of ${dlq}` });
  await expect(dialog.getByTestId('move-preview-count')).toHaveText('1');
  await expect(dialog.getByTestId('move-preview-routes')).toContainText(worker);
  await expect(dialog.getByRole('button', { name: 'Move', exact: true })).toBeDisabled();
  await dialog.getByLabel('Type the name to confirm').fill(dlq);
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();
  // It runs as a job: progress and outcome here, and on the Jobs page.
  await expect(page.getByTestId('move-result')).toContainText('moved 1 message(s)');
  await expect(page.getByTestId('job-confirmed')).toHaveText('1');
  expect(rabbitCount(dlq)).toBe(0);
  expect(rabbitCount(worker)).toBe(1);
});
