import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as browse, POST as produce } from '@/app/api/connections/[id]/topics/[topic]/messages/route';
import type { BrowseResult, KafkaMessage, ProduceResult } from '@/lib/contracts/kafka-messages';
import { getConnectorOf } from '@/server/connections/registry';
import { createTopicCli, ctx, deleteTopicCli, kcat, uniqueTopic } from '@/test/kafka/fixtures';

const ID = 'local-kafka';

async function read(topic: string, query: string): Promise<BrowseResult> {
  const res = await browse(new Request(`http://x/api/connections/${ID}/topics/${topic}/messages?${query}`), ctx({ id: ID, topic }));
  if (res.status !== 200) throw new Error(`browse ${query}: ${res.status} ${await res.text()}`);
  return (await res.json()) as BrowseResult;
}

const bytesOf = (f: KafkaMessage['value']) => (f.base64 === null ? null : Buffer.from(f.base64, 'base64'));

describe('message browser against messages kcat produced', () => {
  const topic = uniqueTopic('browse');
  const binaryKey = Buffer.from([0xff, 0x00, 0xc3, 0x28, 0x80, 0xfe]);
  const big = Buffer.alloc(900 * 1024, 'x');
  big.write('{"this is not json', 0);
  const headers = Array.from({ length: 50 }, (_, i) => [`h${i}`, `value-${i}`] as const);

  beforeAll(async () => {
    await createTopicCli(topic, 1);
    // offset 0: binary key (not UTF-8) with a text value
    await kcat(['-P', '-t', topic, '-p', '0', '-K', '|'], Buffer.concat([binaryKey, Buffer.from('|plain text value\n')]));
    // offset 1: a tombstone (-Z turns the empty value into NULL)
    await kcat(['-P', '-t', topic, '-p', '0', '-K', '|', '-Z'], 'gone|\n');
    // offset 2: 50 headers
    await kcat(['-P', '-t', topic, '-p', '0', ...headers.flatMap(([k, v]) => ['-H', `${k}=${v}`])], '{"with":"headers"}\n');
    // offset 3: a 900 KB value
    await kcat(['-P', '-t', topic, '-p', '0', '-X', 'message.max.bytes=2000000'], Buffer.concat([big, Buffer.from('\n')]));
    // offsets 4..7: one per codec
    for (const codec of ['gzip', 'snappy', 'lz4', 'zstd']) {
      await kcat(['-P', '-t', topic, '-p', '0', '-z', codec, '-K', '|'], `${codec}|{"codec":"${codec}","n":[1,2,3]}\n`);
    }
    // offset 8: HTML in key and value
    await kcat(['-P', '-t', topic, '-p', '0', '-K', '|'], '<img src=x onerror=alert(1)>|<script>alert("x")</script>\n');
  });
  afterAll(() => deleteTopicCli(topic));

  it('shows every message exactly as kcat wrote it', { timeout: 120_000 }, async () => {
    const page = await read(topic, 'from=earliest&order=asc&limit=100&preview=full');
    const m = page.messages;
    expect(m.map((x) => x.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);

    expect(m[0].key.encoding).toBe('binary');
    expect(bytesOf(m[0].key)).toEqual(binaryKey);
    expect(m[0].value).toMatchObject({ encoding: 'text', display: 'plain text value' });

    expect(m[1].key.display).toBe('gone');
    expect(m[1].value).toMatchObject({ encoding: 'null', display: null });

    expect(m[2].headers).toHaveLength(50);
    expect(m[2].headers.map((h) => [h.key, h.value.display])).toEqual(headers.map(([k, v]) => [k, v]));
    expect(m[2].value.encoding).toBe('json');

    expect(m[3].value.size).toBe(big.length);
    expect(bytesOf(m[3].value)?.equals(big)).toBe(true);
    expect(m[3].timestampType).toBe('create');

    for (const [i, codec] of ['gzip', 'snappy', 'lz4', 'zstd'].entries()) {
      const msg = m[4 + i];
      expect(msg.key.display).toBe(codec);
      expect(JSON.parse(msg.value.display ?? '')).toEqual({ codec, n: [1, 2, 3] });
    }
    // Markup comes back as inert text; the UI renders it as text (see e2e).
    expect(m[8].key).toMatchObject({ encoding: 'text', display: '<img src=x onerror=alert(1)>' });
    expect(m[8].value.display).toBe('<script>alert("x")</script>');
  });

  it('truncates a large value in lists and gives it whole on demand', async () => {
    const page = await read(topic, 'from=offset&offset=3&partitions=0&limit=1');
    expect(page.messages[0].value).toMatchObject({ truncated: true, size: big.length, base64: null });
    expect(page.messages[0].value.display?.length).toBeLessThan(big.length);
  });

  it('pages newest-first with cursors in both directions without gaps or repeats', async () => {
    const first = await read(topic, 'from=latest&limit=3&order=desc');
    expect(first.messages.map((x) => x.offset)).toEqual([8, 7, 6]);
    expect(first.older).not.toBeNull();
    const older = await read(topic, `cursor=${first.older}&limit=4&order=desc`);
    expect(older.messages.map((x) => x.offset)).toEqual([5, 4, 3, 2]);
    const oldest = await read(topic, `cursor=${older.older}&limit=10&order=desc`);
    expect(oldest.messages.map((x) => x.offset)).toEqual([1, 0]);
    expect(oldest.older).toBeNull();
    const newer = await read(topic, `cursor=${oldest.newer}&limit=2&order=asc`);
    expect(newer.messages.map((x) => x.offset)).toEqual([2, 3]);
  });

  it('reads without a consumer group: no group appears and none is left behind', async () => {
    const groups = async () => [...(await getConnectorOf(ID, 'kafka').call('list groups', (a) => a.listGroups())).keys()].sort();
    const before = await groups();
    await read(topic, 'from=earliest&limit=5');
    await read(topic, 'from=latest&limit=5');
    const after = await groups();
    // Other tests may add their own groups meanwhile (named wharf-test-...); none may be Wharf's.
    expect(after.filter((g) => !before.includes(g) && /wharf/i.test(g) && !g.startsWith('wharf-test-'))).toEqual([]);
  });

  it('answers 400 for out-of-range partitions and offsets, a bad cursor, and 404 for an unknown topic', async () => {
    const statuses = await Promise.all(
      ['partitions=5', 'partitions=0&from=offset&offset=999', 'cursor=notacursor', 'from=timestamp'].map(async (q) =>
        (await browse(new Request(`http://x/m?${q}`), ctx({ id: ID, topic }))).status,
      ),
    );
    expect(statuses).toEqual([400, 400, 400, 400]);
    const missing = await browse(new Request('http://x/m'), ctx({ id: ID, topic: `${topic}-nope` }));
    expect(missing.status).toBe(404);
  });
});

describe('producing with Wharf', () => {
  const topic = uniqueTopic('produce');
  beforeAll(() => createTopicCli(topic, 2));
  afterAll(() => deleteTopicCli(topic));

  const post = (body: unknown, id = ID) => {
    const text = JSON.stringify(body);
    // A browser always sends content-length; the audit layer relies on it to skip reading large bodies.
    const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) };
    return produce(new Request('http://x', { method: 'POST', body: text, headers }), ctx({ id, topic }));
  };

  it('writes a message that kcat reads back byte for byte', async () => {
    const value = Buffer.from([0x00, 0x01, 0xfe, 0xff, 0x7f, 0x80]);
    const res = await post({
      key: { encoding: 'text', data: 'order-42' },
      value: { encoding: 'base64', data: value.toString('base64') },
      headers: [{ key: 'trace', value: { encoding: 'text', data: 'abc' } }],
      partition: 1,
      timestamp: 1_700_000_000_123,
    });
    expect(res.status).toBe(201);
    const { partition, offset } = (await res.json()) as ProduceResult;
    expect(partition).toBe(1);
    const out = await kcat(['-C', '-t', topic, '-p', '1', '-o', String(offset), '-c', '1', '-e', '-q', '-f', '%k\\n%T\\n%h\\n%S\\n%s']);
    const [k, ts, hdr, size] = out.toString('latin1').split('\n');
    expect([k, ts, hdr, size]).toEqual(['order-42', '1700000000123', 'trace=abc', String(value.length)]);
    expect(out.subarray(out.length - value.length).equals(value)).toBe(true);
  });

  it('keeps repeated header keys in order, and writes a tombstone (null value) as kcat sees it', async () => {
    const res = await post({
      key: { encoding: 'text', data: 'gone' },
      value: { encoding: 'null' },
      headers: [
        { key: 'dup', value: { encoding: 'text', data: '1' } },
        { key: 'trace', value: { encoding: 'text', data: 'x' } },
        { key: 'dup', value: { encoding: 'text', data: '2' } },
      ],
      partition: 0,
    });
    expect(res.status).toBe(201);
    const { offset } = (await res.json()) as ProduceResult;
    const out = await kcat(['-C', '-t', topic, '-p', '0', '-o', String(offset), '-c', '1', '-e', '-q', '-Z', '-f', '%k|%h|%S']);
    expect(out.toString()).toBe('gone|dup=1,trace=x,dup=2|-1');
    const page = await read(topic, `partitions=0&from=offset&offset=${offset}&limit=1`);
    expect(page.messages[0].headers.map((h) => [h.key, h.value.display])).toEqual([
      ['dup', '1'],
      ['dup', '2'],
      ['trace', 'x'],
    ]);
    expect(page.messages[0].value.encoding).toBe('null');
  });

  it('seeks by timestamp to the same first offset as kcat -o s@<ms>', async () => {
    const t0 = 1_750_000_000_000;
    for (let i = 0; i < 10; i++) {
      const res = await post({ value: { encoding: 'text', data: `m${i}` }, partition: 0, timestamp: t0 + i * 1000 });
      expect(res.status).toBe(201);
    }
    for (const at of [t0 - 5, t0 + 3500, t0 + 9000]) {
      const out = (await kcat(['-C', '-t', topic, '-p', '0', '-o', `s@${at}`, '-c', '1', '-e', '-q', '-f', '%o'])).toString();
      const page = await read(topic, `partitions=0&from=timestamp&timestamp=${at}&order=asc&limit=1`);
      expect(String(page.messages[0]?.offset)).toBe(out.trim());
    }
  });

  it('rejects malformed JSON and base64, unknown partitions, and read-only connections', async () => {
    const bad = await Promise.all([
      post({ value: { encoding: 'json', data: '{"a":' } }),
      post({ value: { encoding: 'base64', data: 'not base64!' } }),
      post({ value: { encoding: 'text', data: 'x' }, partition: 7 }),
      post({ value: { encoding: 'text', data: 'x' } }, 'readonly-kafka'),
    ]);
    expect(bad.map((r) => r.status)).toEqual([400, 400, 400, 403]);
    expect(((await bad[0].json()) as { error: { message: string } }).error.message).toMatch(/value: not valid JSON/);
  });

  it('refuses a value over the broker max message size with a clear message', async () => {
    const huge = Buffer.alloc(1_100_000, 'y').toString('base64');
    const res = await post({ value: { encoding: 'base64', data: huge } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/too large|larger/i);
  });
});

describe('a topic the broker compresses with zstd (compression.type=zstd)', () => {
  const topic = uniqueTopic('zstd-topic');
  beforeAll(async () => {
    await createTopicCli(topic, 1, { 'compression.type': 'zstd' });
    await kcat(['-P', '-t', topic, '-p', '0', '-K', '|'], 'a|{"n":1}\nb|{"n":2}\n');
  });
  afterAll(() => deleteTopicCli(topic));

  // Brokers refuse Fetch below v10 on such a topic (KIP-110): an older Fetch read nothing here.
  it('reads its messages', async () => {
    const page = await read(topic, 'from=earliest&order=asc&limit=10');
    expect(page.messages.map((m) => [m.offset, m.key.display, m.value.display && JSON.parse(m.value.display)])).toEqual([
      [0, 'a', { n: 1 }],
      [1, 'b', { n: 2 }],
    ]);
  });
});
