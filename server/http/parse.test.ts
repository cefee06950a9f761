import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { headersSchema, publishBodySchema } from '@/lib/contracts/rabbitmq-messages';
import { parseBody, parseParams, parseQuery } from './parse';

const post = (body: string | Uint8Array) => new Request('http://127.0.0.1/x', { method: 'POST', headers: { 'content-type': 'application/json' }, body: body as BodyInit });
const deepArray = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;

describe('request input with what no schema should meet', () => {
  it('refuses a path parameter with a lone surrogate, naming it', async () => {
    await expect(parseParams(z.object({ id: z.string(), name: z.string() }), Promise.resolve({ id: 'c', name: 'q\ud800' }))).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/^Invalid path parameter name: not well-formed text/),
    });
  });

  it('refuses a query parameter with a lone surrogate (a URL cannot carry one, but a handler may build one)', () => {
    const req = new Request('http://127.0.0.1/x?vhost=%ED%A0%80');
    // URL parsing turns invalid UTF-8 into U+FFFD: what arrives is well-formed.
    expect(parseQuery(z.object({ vhost: z.string() }), req)).toEqual({ vhost: '\uFFFD\uFFFD\uFFFD' });
  });

  it('refuses JSON bodies with lone surrogates in values or keys (escaped), naming the field', async () => {
    await expect(parseBody(publishBodySchema, post('{"payload":"a\\ud800b"}'))).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^Invalid body field payload: not well-formed/) });
    await expect(parseBody(publishBodySchema, post('{"payload":"x","headers":{"k\\udc00":"v"}}'))).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^Invalid body field headers\.k\uFFFD: key not well-formed/) });
    // A surrogate pair, escaped, is an ordinary character.
    await expect(parseBody(publishBodySchema, post('{"payload":"\\ud83d\\udca5"}'))).resolves.toMatchObject({ payload: '💥' });
  });

  it('reads raw UTF-8 bytes of a surrogate (invalid UTF-8) as U+FFFD, which is accepted text', async () => {
    const bytes = Buffer.concat([Buffer.from('{"payload":"a'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]);
    const body = await parseBody(publishBodySchema, post(bytes));
    expect(body.payload).toBe('a\uFFFD\uFFFD\uFFFD');
  });

  it('answers a body nested 5,000 deep with a 400 before the recursive header schema sees it', async () => {
    await expect(parseBody(publishBodySchema, post(`{"payload":"x","headers":{"h":${deepArray(5000)}}}`))).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/nested deeper than 64 levels$/) });
    await expect(parseBody(z.unknown(), post(deepArray(5000)))).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^Invalid body field 0\.0\.0.*…: nested deeper than 64 levels$/) });
  });

  it('limits the header schema itself to 16 levels and 10,000 values', async () => {
    expect(headersSchema.safeParse({ h: JSON.parse(deepArray(15)) }).success).toBe(true);
    const deep = headersSchema.safeParse({ h: JSON.parse(deepArray(17)) });
    expect(deep.success || deep.error.issues[0].message).toBe('header values nest at most 16 levels');
    const big = headersSchema.safeParse({ h: Array.from({ length: 10_001 }, () => 1) });
    expect(big.success || big.error.issues[0].message).toBe('headers hold at most 10000 values');
  });
});
