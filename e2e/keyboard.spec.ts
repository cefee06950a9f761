import { expect, test, type Page } from '@playwright/test';
import { lagFixture, uniqueName, type LagFixture } from '../test/lag/kafka-fixture';
import { createTopic, deleteTopic, e2eTopic, produce } from './support/kafka';

/* Keyboard only: no click in this file. Data is made through the broker, as everywhere in e2e/. */
const topic = e2eTopic('keyboard');
const groupId = uniqueName('e2e-keyboard');
let f: LagFixture;
let groupTopic: string;

test.beforeAll(async () => {
  createTopic(topic, 1);
  produce(topic, Array.from({ length: 6 }, (_, i) => `k${i}|{"n":${i}}`));
  f = await lagFixture();
  groupTopic = await f.createTopic(1);
  await f.produce(groupTopic, 5, 0);
  await f.commit(groupId, groupTopic, [{ partition: 0, offset: 5 }]);
});
test.afterAll(async () => {
  deleteTopic(topic);
  await f?.cleanup();
});
test.setTimeout(120_000);

const focused = (page: Page) => page.locator(':focus');

test('skip link, tabs with arrow keys (each a history entry), and the message browser without a mouse', async ({ page }) => {
  await page.goto(`/connections/local-kafka/topics/${topic}`);
  await expect(page.getByTestId('message-count')).toHaveText('6 messages', { timeout: 30_000 });

  // The first Tab stop skips the sidebar.
  await page.keyboard.press('Tab');
  await expect(focused(page)).toHaveText('Skip to content');
  await page.keyboard.press('Enter');
  await expect(focused(page)).toHaveAttribute('id', 'main');

  // One Tab stop per tab list: the selected tab; arrows move and select.
  const messagesTab = page.getByRole('tab', { name: 'Messages' });
  await expect(messagesTab).toHaveAttribute('tabindex', '0');
  await expect(page.getByRole('tab', { name: 'Partitions' })).toHaveAttribute('tabindex', '-1');
  await messagesTab.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/tab=partitions/);
  await expect(page.getByRole('tab', { name: 'Partitions' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Partitions' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(page).toHaveURL(/tab=configs/);
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/tab=messages/);
  await page.goBack();
  await expect(page).toHaveURL(/tab=configs/);
  await page.goBack();
  await expect(page).toHaveURL(/tab=partitions/);
  await page.goForward();
  await page.goForward();
  await expect(page).toHaveURL(/tab=messages/);
  await expect(page.getByTestId('message-count')).toHaveText('6 messages', { timeout: 30_000 });

  // The mode tabs too.
  const browseTab = page.getByRole('tab', { name: 'Browse' });
  await browseTab.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Filter (scan)' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(browseTab).toHaveAttribute('aria-selected', 'true');
  await expect(browseTab).toBeFocused();

  // The message list: one Tab stop, arrows move the active row, Enter opens it.
  const grid = page.getByRole('grid', { name: 'Messages' });
  await grid.focus();
  const active = page.locator('[data-testid="message-row"][data-active="true"]');
  const first = await active.getAttribute('data-offset');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const third = await active.getAttribute('data-offset');
  expect(third).not.toBe(first);
  await expect(grid).toHaveAttribute('aria-activedescendant', `message-row-0-${third}`);
  await page.keyboard.press('Enter');
  const detail = page.getByRole('complementary', { name: 'Message detail' });
  await expect(detail).toContainText(`0 / ${third}`);
  await expect(page.locator(`[data-offset="${third}"]`)).toHaveAttribute('aria-selected', 'true');
  // The detail's commands are reachable by Tab from the list.
  await page.keyboard.press('Tab');
  await expect(focused(page)).toHaveAttribute('aria-label', 'Close detail');
  let reached = false;
  for (let i = 0; i < 5 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = (await focused(page).textContent()) === 'Copy kcat read command';
  }
  expect(reached).toBe(true);
  // Closing the detail gives focus back to the list, which Escape also closes from.
  await page.keyboard.down('Shift');
  while ((await focused(page).getAttribute('aria-label')) !== 'Close detail') await page.keyboard.press('Tab');
  await page.keyboard.up('Shift');
  await page.keyboard.press('Enter');
  await expect(detail).toBeHidden();
  await expect(grid).toBeFocused();
  await page.keyboard.press('Home');
  await expect(active).toHaveAttribute('data-offset', first!);
  await page.keyboard.press(' ');
  await expect(detail).toContainText(`0 / ${first}`);
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();
});

test('the reset-offsets dialog takes focus, keeps it inside, and gives it back on Escape', async ({ page }) => {
  await page.goto(`/connections/local-kafka/consumer-groups/${encodeURIComponent(groupId)}`);
  await expect(page.getByTestId('group-total-lag')).toHaveText('0', { timeout: 30_000 });
  const open = page.getByRole('button', { name: 'Reset offsets' });
  await open.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: `Reset offsets of ${groupId}` });
  await expect(dialog).toBeVisible();
  const inside = () => dialog.evaluate((d) => d.contains(document.activeElement));
  await expect.poll(inside).toBe(true);
  // Tab round the dialog twice over: focus never lands on the page behind it.
  const outside: string[] = [];
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const where = await page.evaluate(() => {
      const a = document.activeElement;
      return !a || a === document.body || a.closest('dialog') ? null : a.outerHTML.slice(0, 80);
    });
    if (where) outside.push(where);
  }
  expect(outside).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();
});
