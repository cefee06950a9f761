import type { ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFilter, RABBITMQ_FILTER_VARIABLES, type CompiledFilter } from '../filters/cel';
import { moveMessages } from './move';
import { createQueue, deleteQueues, drain, openAmqp, publishMany, rabbitmqctlCounts, uniqueName, waitFor } from '@/test/rabbitmq/helpers';

const N = 10_000;
const evenFilter = () => compileFilter('headers.parity == "even"', RABBITMQ_FILTER_VARIABLES);

describe('moveMessages against the real RabbitMQ', () => {
  let model: ChannelModel;
  const queues: string[] = [];

  beforeAll(async () => {
    model = await openAmqp();
  });
  afterAll(async () => {
    await deleteQueues(queues);
    await model.close();
  });

  async function setup(label: string): Promise<{ src: string; dst: string }> {
    const src = uniqueName(`${label}-src`);
    const dst = uniqueName(`${label}-dst`);
    queues.push(src, dst);
    await createQueue(src);
    await createQueue(dst);
    await publishMany(model, src, N, (i) => ({ body: Buffer.from(JSON.stringify({ id: i })), headers: { parity: i % 2 === 0 ? 'even' : 'odd' } }));
    return { src, dst };
  }

  function ids(bodies: string[]): number[] {
    return bodies.map((b) => (JSON.parse(b) as { id: number }).id).sort((a, b) => a - b);
  }

  it('moves 10,000 messages with a filter: matching ones to the destination, the rest stay, counts agree', async () => {
    const { src, dst } = await setup('filter');
    const conn = await openAmqp();
    const progress: number[] = [];
    const result = await moveMessages({
      connection: conn,
      source: src,
      exchange: '',
      routingKey: dst,
      filter: evenFilter(),
      batchSize: 250,
      signal: new AbortController().signal,
      onProgress: (c) => void progress.push(c.acked),
    });
    await conn.close();
    expect(result).toEqual({ status: 'done', startLength: N, read: N, published: N / 2, confirmed: N / 2, acked: N / 2, skipped: N / 2 });
    expect(progress.at(-1)).toBe(N / 2);
    await waitFor(() => {
      const counts = rabbitmqctlCounts();
      return counts.get(src) === N / 2 && counts.get(dst) === N / 2;
    });
    const [left, moved] = [ids(await drain(model, src)), ids(await drain(model, dst))];
    expect(left).toEqual(Array.from({ length: N / 2 }, (_, i) => 2 * i + 1));
    expect(moved).toEqual(Array.from({ length: N / 2 }, (_, i) => 2 * i));
  });

  it('a move killed mid-batch, then run again, leaves every message in source or destination exactly once', async () => {
    const { src, dst } = await setup('kill');
    const conn = await openAmqp();
    conn.on('error', () => undefined);
    const inner = evenFilter();
    let seen = 0;
    // Kills the TCP connection abruptly while a batch is half read, published and acked (uncommitted).
    const killing: CompiledFilter = {
      expression: inner.expression,
      matches(ctx) {
        if (++seen === 4321) (conn.connection as unknown as { stream: { destroy(e: Error): void } }).stream.destroy(new Error('killed by the test'));
        return inner.matches(ctx);
      },
    };
    let progressAcked = 0;
    await expect(
      moveMessages({ connection: conn, source: src, exchange: '', routingKey: dst, filter: killing, batchSize: 200, signal: new AbortController().signal, onProgress: (c) => void (progressAcked = c.acked) }),
    ).rejects.toThrow();
    expect(progressAcked).toBeGreaterThan(0);
    expect(progressAcked).toBeLessThan(N / 2);
    // The broker requeues the dead connection's unacked messages: every message is back in one of the two queues.
    await waitFor(() => {
      const counts = rabbitmqctlCounts();
      return (counts.get(src) ?? 0) + (counts.get(dst) ?? 0) === N;
    });
    expect(rabbitmqctlCounts().get(dst)).toBe(progressAcked);

    const again = await openAmqp();
    const result = await moveMessages({ connection: again, source: src, exchange: '', routingKey: dst, filter: evenFilter(), signal: new AbortController().signal });
    await again.close();
    expect(result.status).toBe('done');
    expect(result.acked).toBe(N / 2 - progressAcked);
    const [left, moved] = [ids(await drain(model, src)), ids(await drain(model, dst))];
    expect(left).toEqual(Array.from({ length: N / 2 }, (_, i) => 2 * i + 1));
    expect(moved).toEqual(Array.from({ length: N / 2 }, (_, i) => 2 * i));
  });

  it('stops when cancelled, with committed batches moved and the rest still in the source', async () => {
    const src = uniqueName('cancel-src');
    const dst = uniqueName('cancel-dst');
    queues.push(src, dst);
    await createQueue(src);
    await createQueue(dst);
    await publishMany(model, src, 1000, (i) => ({ body: Buffer.from(String(i)) }));
    const abort = new AbortController();
    const conn = await openAmqp();
    const result = await moveMessages({
      connection: conn,
      source: src,
      exchange: '',
      routingKey: dst,
      batchSize: 100,
      signal: abort.signal,
      onProgress: (c) => {
        if (c.acked >= 300) abort.abort();
      },
    });
    await conn.close();
    expect(result.status).toBe('cancelled');
    expect(result.acked).toBe(300);
    await waitFor(() => rabbitmqctlCounts().get(src) === 700 && rabbitmqctlCounts().get(dst) === 300);
  });

  it('rolls back a batch whose copies are unroutable, leaving the source untouched', async () => {
    const src = uniqueName('unroutable-src');
    queues.push(src);
    await createQueue(src);
    await publishMany(model, src, 50, (i) => ({ body: Buffer.from(String(i)) }));
    const conn = await openAmqp();
    await expect(
      moveMessages({ connection: conn, source: src, exchange: 'amq.direct', routingKey: 'no-such-binding', signal: new AbortController().signal }),
    ).rejects.toThrow(/unroutable.*put back/);
    await conn.close();
    await waitFor(() => rabbitmqctlCounts().get(src) === 50);
  });
});
