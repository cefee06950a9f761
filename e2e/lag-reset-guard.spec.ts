import { expect, test } from '@playwright/test';
import { lagFixture, uniqueName, waitForCommit, waitForStableGroup, type FixtureConsumer, type LagFixture } from '../test/lag/kafka-fixture';

/*
 * Issue 14, finding 6: a reset of a group with active members is refused by Kafka (an offset commit from outside the
 * group, classic and KIP-848 groups alike), so the dialog says so before any preview, from a live read of the group,
 * and offers no preview until the members are gone. Finding 7: the group's stats do not run into each other.
 */
let f: LagFixture;
let topic: string;
let consumer: FixtureConsumer;
const groupId = uniqueName('e2e-reset-guard');

test.beforeAll(async () => {
  test.setTimeout(120_000);
  f = await lagFixture();
  topic = await f.createTopic(1);
  await f.produce(topic, 5, 0);
  consumer = f.consumer(groupId);
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async () => undefined });
  await waitForCommit(f.admin, groupId, topic, 5);
  await waitForStableGroup(f.admin, groupId, 1);
});

// The group page needs the sampler's first ticks; give a busy machine room.
test.setTimeout(120_000);

test.afterAll(() => f?.cleanup());

test('with an active member the reset dialog says Kafka will refuse, offers no preview, and checks again live', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 900 });
  await page.goto(`/connections/local-kafka/consumer-groups/${encodeURIComponent(groupId)}`);
  await expect(page.getByTestId('group-members')).toHaveText('1', { timeout: 45_000 });

  // Stats side by side never overlap, whatever the length of a value (assignor names are long words).
  const boxes = await page.locator('dl dd').evaluateAll((dds) => dds.map((d) => d.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom })));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      expect(overlap, `stat values ${i} and ${j} overlap`).toBe(false);
    }
  }

  await page.getByRole('button', { name: 'Reset offsets' }).click();
  const dialog = page.getByRole('dialog', { name: `Reset offsets of ${groupId}` });
  const notice = dialog.getByTestId('active-members-notice');
  await expect(notice).toContainText('1 active member');
  await expect(notice).toContainText('Kafka refuses an offset commit from outside the group while it has active members (KIP-848 groups too)');
  await expect(dialog.getByRole('button', { name: 'Preview (dry run)' })).toBeDisabled();

  // The consumer leaves; the sampler may still list it, the dialog's live read does not.
  await consumer.disconnect();
  await expect(async () => {
    if (await notice.count()) await dialog.getByRole('button', { name: 'Check again' }).click({ timeout: 2_000 });
    await expect(notice).toHaveCount(0, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  const preview = dialog.getByRole('button', { name: 'Preview (dry run)' });
  await expect(preview).toBeEnabled();
  await preview.click();
  await expect(dialog.getByTestId('offset-change')).toHaveCount(1);
});
