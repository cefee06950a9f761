import { describe, expect, it } from 'vitest';
import { readSse } from './read-sse';

describe('readSse', () => {
  it('splits events across chunk boundaries and skips comments', async () => {
    const chunks = [': connected\n\nevent: progress\nda', 'ta: {"a":1}\n\nevent: messages\ndata: [1,2]\n\n'];
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (const chunk of chunks) c.enqueue(new TextEncoder().encode(chunk));
        c.close();
      },
    });
    const out: { event: string; data: string }[] = [];
    for await (const e of readSse(new Response(body))) out.push(e);
    expect(out).toEqual([
      { event: 'progress', data: '{"a":1}' },
      { event: 'messages', data: '[1,2]' },
    ]);
  });
});
