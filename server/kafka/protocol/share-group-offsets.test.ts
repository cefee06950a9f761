import { Reader } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { bytes, cstr, i16, i32, i64, nullableCstr, tags, uuid, uvarint } from '@/test/kafka/wire-bytes';
import { createRequest, describeShareGroupOffsetsV0, describeShareGroupOffsetsV1, parseResponseV0, parseResponseV1 } from './share-group-offsets';

const TOPIC_ID = '11111111-2222-3333-4444-555555555555';

/** One answer: group G, topic "orders" with partitions 0 (ok) and 1 (an error), then group "other" refused. */
function answer(version: 0 | 1): Buffer {
  const lag = (n: number) => (version >= 1 ? i64(n) : Buffer.alloc(0));
  const p0 = bytes(i32(0), i64(42), i32(3), lag(5), i16(0), nullableCstr(null), tags());
  const p1 = bytes(i32(1), i64(-1), i32(-1), lag(-1), i16(6), nullableCstr('not leader'), tags());
  const topic = bytes(cstr('orders'), uuid(TOPIC_ID), uvarint(3), p0, p1, tags());
  const g = bytes(cstr('G'), uvarint(2), topic, i16(0), nullableCstr(null), tags());
  const other = bytes(cstr('other'), uvarint(1), i16(16), nullableCstr('not coordinator'), tags());
  return bytes(i32(0), uvarint(3), g, other, tags());
}

describe('DescribeShareGroupOffsets', () => {
  it('is API key 90 in versions 0 and 1', () => {
    expect([describeShareGroupOffsetsV0.key, describeShareGroupOffsetsV0.version, describeShareGroupOffsetsV1.key, describeShareGroupOffsetsV1.version]).toEqual([90, 0, 90, 1]);
  });

  it('encodes null topics (every partition) as a null compact array, and named partitions', () => {
    expect(createRequest([{ groupId: 'G', topics: null }]).buffer.toString('hex')).toBe(bytes(uvarint(2), cstr('G'), uvarint(0), tags(), tags()).toString('hex'));
    expect(createRequest([{ groupId: 'G', topics: null }]).buffer.toString('hex')).toBe('0202470000' + '00');
    const named = createRequest([{ groupId: 'G', topics: [{ topicName: 'orders', partitions: [0, 2] }] }]).buffer;
    expect(named.toString('hex')).toBe(bytes(uvarint(2), cstr('G'), uvarint(2), cstr('orders'), uvarint(3), i32(0), i32(2), tags(), tags(), tags()).toString('hex'));
  });

  it('decodes v1 with the broker lag per partition, and keeps partition and group errors', () => {
    const reader = Reader.from(answer(1));
    const parsed = parseResponseV1(1, 90, 1, reader);
    expect(reader.remaining).toBe(0);
    expect(parsed).toEqual({
      throttleTimeMs: 0,
      groups: [
        {
          groupId: 'G',
          topics: [
            {
              topicName: 'orders',
              topicId: TOPIC_ID,
              partitions: [
                { partitionIndex: 0, startOffset: 42n, leaderEpoch: 3, lag: 5n, errorCode: 0, errorMessage: null },
                { partitionIndex: 1, startOffset: -1n, leaderEpoch: -1, lag: -1n, errorCode: 6, errorMessage: 'not leader' },
              ],
            },
          ],
          errorCode: 0,
          errorMessage: null,
        },
        { groupId: 'other', topics: [], errorCode: 16, errorMessage: 'not coordinator' },
      ],
    });
  });

  it('decodes v0, which has no lag field: lag is null, not a misread error code', () => {
    const reader = Reader.from(answer(0));
    const parsed = parseResponseV0(1, 90, 0, reader);
    expect(reader.remaining).toBe(0);
    expect(parsed.groups[0].topics[0].partitions).toEqual([
      { partitionIndex: 0, startOffset: 42n, leaderEpoch: 3, lag: null, errorCode: 0, errorMessage: null },
      { partitionIndex: 1, startOffset: -1n, leaderEpoch: -1, lag: null, errorCode: 6, errorMessage: 'not leader' },
    ]);
  });
});
