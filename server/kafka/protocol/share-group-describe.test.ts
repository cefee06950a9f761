import { Reader } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { createRequest, parseResponse, shareGroupDescribeV1 } from './share-group-describe';
import { bytes, cstr, i16, i32, nullableCstr, tags, uuid, uvarint } from '@/test/kafka/wire-bytes';

const TOPIC_ID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

describe('ShareGroupDescribe v1', () => {
  it('is API key 77, version 1', () => {
    expect([shareGroupDescribeV1.key, shareGroupDescribeV1.version]).toEqual([77, 1]);
  });

  it('encodes group ids as a compact array of compact strings, the flag, then empty tagged fields', () => {
    const got = createRequest(['g1', 'share-é'], true).buffer;
    // [2 ids] "g1" "share-é" (é is 2 bytes in UTF-8: length 8 + 1) true TAG_BUFFER
    expect(got.toString('hex')).toBe(bytes(uvarint(3), cstr('g1'), cstr('share-é'), [1], tags()).toString('hex'));
    expect(got.subarray(0, 4).toString('hex')).toBe('03036731');
    expect(createRequest([], false).buffer.toString('hex')).toBe('010000');
  });

  it('decodes groups, members and assignments, skipping tagged fields it does not know', () => {
    const member = bytes(
      cstr('member-1'),
      nullableCstr(null),
      i32(7),
      cstr('console-share-consumer'),
      cstr('/127.0.0.1'),
      uvarint(3), cstr('orders'), cstr('payments'),
      // assignment: [1 topic-partitions] then the Assignment struct's own tagged fields
      uvarint(2), uuid(TOPIC_ID), cstr('orders'), uvarint(3), i32(1), i32(0), tags(),
      tags(),
      // the member's tagged fields: one unknown tag (9) of 3 bytes, which must be skipped
      tags([9, Buffer.from([0xaa, 0xbb, 0xcc])]),
    );
    const ok = bytes(i16(0), nullableCstr(null), cstr('G'), cstr('Stable'), i32(3), i32(3), cstr('simple'), uvarint(2), member, i32(-2147483648), tags());
    const missing = bytes(i16(69), nullableCstr('Group nope not found.'), cstr('nope'), cstr('Dead'), i32(-1), i32(-1), cstr(''), uvarint(1), i32(-2147483648), tags());
    const answer = bytes(i32(5), uvarint(3), ok, missing, tags());

    const reader = Reader.from(answer);
    const parsed = parseResponse(1, 77, 1, reader);
    expect(reader.remaining).toBe(0);
    expect(parsed).toEqual({
      throttleTimeMs: 5,
      groups: [
        {
          errorCode: 0,
          errorMessage: null,
          groupId: 'G',
          groupState: 'Stable',
          groupEpoch: 3,
          assignmentEpoch: 3,
          assignorName: 'simple',
          members: [
            {
              memberId: 'member-1',
              rackId: null,
              memberEpoch: 7,
              clientId: 'console-share-consumer',
              clientHost: '/127.0.0.1',
              subscribedTopicNames: ['orders', 'payments'],
              assignment: [{ topicId: TOPIC_ID, topicName: 'orders', partitions: [1, 0] }],
            },
          ],
          authorizedOperations: -2147483648,
        },
        { errorCode: 69, errorMessage: 'Group nope not found.', groupId: 'nope', groupState: 'Dead', groupEpoch: -1, assignmentEpoch: -1, assignorName: '', members: [], authorizedOperations: -2147483648 },
      ],
    });
  });

  it('reads a response to its last byte (no field left unread or read twice)', () => {
    const answer = bytes(i32(0), uvarint(1), tags());
    const reader = Reader.from(answer);
    expect(parseResponse(1, 77, 1, reader)).toEqual({ throttleTimeMs: 0, groups: [] });
    expect(reader.remaining).toBe(0);
  });
});
