import amqp, { type Options } from 'amqplib';

export const AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

/** Runs `fn` on a confirm channel of a connection of its own, then closes it. */
export async function withRabbit<T>(fn: (ch: amqp.ConfirmChannel) => Promise<T>): Promise<T> {
  const conn = await amqp.connect(AMQP_URL);
  try {
    const ch = await conn.createConfirmChannel();
    return await fn(ch);
  } finally {
    await conn.close();
  }
}

export async function publishMany(queue: string, bodies: Array<{ content: string; options?: Options.Publish }>): Promise<void> {
  await withRabbit(async (ch) => {
    for (const b of bodies) ch.sendToQueue(queue, Buffer.from(b.content), b.options);
    await ch.waitForConfirms();
  });
}

export async function queueDepth(queue: string): Promise<number> {
  return withRabbit(async (ch) => (await ch.checkQueue(queue)).messageCount);
}

/** Takes every message out of a queue (acking them) and returns their bodies and headers. */
export async function drainQueue(queue: string): Promise<Array<{ content: string; headers: Record<string, unknown>; messageId?: string }>> {
  return withRabbit(async (ch) => {
    const out: Array<{ content: string; headers: Record<string, unknown>; messageId?: string }> = [];
    for (;;) {
      const m = await ch.get(queue, { noAck: true });
      if (m === false) return out;
      out.push({ content: m.content.toString(), headers: m.properties.headers ?? {}, messageId: m.properties.messageId });
    }
  });
}
