import { afterAll, describe, expect, it } from 'vitest';
import { POST as inspectRoute } from '@/app/api/connections/[id]/queues/[vhost]/[name]/messages/route';
import type { InspectResponse } from '@/lib/contracts/rabbitmq-messages';
import { createQueue, ctx, deleteQueues, jsonRequest, openAmqp, rabbitmqctlCounts, uniqueName, waitFor } from '@/test/rabbitmq/helpers';

describe('stream queues are read without removing anything', () => {
  const name = uniqueName('stream');
  afterAll(() => deleteQueues([name]));

  it('reads from the first offset and from an offset, twice, with nothing removed', async () => {
    await createQueue(name, { 'x-queue-type': 'stream' });
    const model = await openAmqp();
    const ch = await model.createConfirmChannel();
    for (let i = 0; i < 20; i++) ch.sendToQueue(name, Buffer.from(JSON.stringify({ i })));
    await ch.waitForConfirms();
    await model.close();
    await waitFor(() => rabbitmqctlCounts().get(name) === 20);
    const read = async (body: object) =>
      (await (await inspectRoute(jsonRequest('POST', 'http://x', body), ctx({ id: 'local-rabbitmq', vhost: '/', name }))).json()) as InspectResponse;
    const first = await read({ count: 5, offset: 'first' });
    expect(first.mode).toBe('stream');
    expect(first.messages.map((m) => JSON.parse(m.payload.display ?? 'null'))).toEqual([0, 1, 2, 3, 4].map((i) => ({ i })));
    const again = await read({ count: 5, offset: 'first' });
    expect(again.messages.map((m) => m.streamOffset)).toEqual(first.messages.map((m) => m.streamOffset));
    const from = await read({ count: 3, offset: (first.messages[0].streamOffset ?? 0) + 10 });
    expect(from.messages.map((m) => JSON.parse(m.payload.display ?? 'null'))).toEqual([{ i: 10 }, { i: 11 }, { i: 12 }]);
    // A consumer with x-stream-offset changes nothing: no confirmation, and read-only connections may read too.
    expect(first.rule).toMatchObject({ queueType: 'stream', confirmNeeded: false });
    const readOnly = (await (await inspectRoute(jsonRequest('POST', 'http://x', { count: 2, offset: 'first' }), ctx({ id: 'readonly-rabbitmq', vhost: '/', name }))).json()) as InspectResponse;
    expect(readOnly.messages.map((m) => m.streamOffset)).toEqual(first.messages.slice(0, 2).map((m) => m.streamOffset));
    expect(rabbitmqctlCounts().get(name)).toBe(20);
  });
});
