import 'server-only';
import { createAPI, Writer, type Reader } from '@platformatic/kafka';

/*
 * DescribeShareGroupOffsets (API key 90, KIP-932), which @platformatic/kafka 2.12 does not have. Version 1 (KIP-1226)
 * adds the broker's own lag per partition; version 0 has only the share-partition start offset. Schemas from Kafka
 * 4.4.0's common/message/DescribeShareGroupOffsets{Request,Response}.json; all versions flexible.
 *
 * DescribeShareGroupOffsets Request (Version: 0-1) => [groups] TAG_BUFFER
 *   groups => group_id [topics] TAG_BUFFER
 *     group_id => COMPACT_STRING
 *     topics => topic_name [partitions] TAG_BUFFER      (COMPACT_NULLABLE_ARRAY: null asks for every partition)
 *       topic_name => COMPACT_STRING
 *       partitions => INT32
 *
 * DescribeShareGroupOffsets Response (Version: 0-1) => throttle_time_ms [groups] TAG_BUFFER
 *   groups => group_id [topics] error_code error_message TAG_BUFFER
 *     topics => topic_name topic_id [partitions] TAG_BUFFER
 *       topic_id => UUID
 *       partitions => partition_index start_offset leader_epoch lag(v1+) error_code error_message TAG_BUFFER
 *         partition_index, leader_epoch => INT32
 *         start_offset, lag => INT64
 *         error_code => INT16
 *         error_message => COMPACT_NULLABLE_STRING
 */

export type ShareOffsetsRequestGroup = { groupId: string; topics: { topicName: string; partitions: number[] }[] | null };

export type ShareOffsetsPartition = {
  partitionIndex: number;
  /** The share-partition start offset; -1 when the group holds no state for the partition. */
  startOffset: bigint;
  leaderEpoch: number;
  /** The broker's lag (v1+): -1 when it cannot tell, null from a v0 broker, which does not send it. */
  lag: bigint | null;
  errorCode: number;
  errorMessage: string | null;
};

export type ShareOffsetsTopic = { topicName: string; topicId: string; partitions: ShareOffsetsPartition[] };

export type ShareOffsetsGroup = { groupId: string; topics: ShareOffsetsTopic[]; errorCode: number; errorMessage: string | null };

export type DescribeShareGroupOffsetsResponse = { throttleTimeMs: number; groups: ShareOffsetsGroup[] };

export function createRequest(groups: ShareOffsetsRequestGroup[]): Writer {
  return Writer.create()
    .appendArray(groups, (w, g) => {
      w.appendString(g.groupId).appendArray(g.topics, (tw, t) => {
        tw.appendString(t.topicName).appendArray(t.partitions, (pw, p) => pw.appendInt32(p), true, false);
      });
    })
    .appendTaggedFields();
}

function parser(version: 0 | 1) {
  return (_correlationId: number, _apiKey: number, _apiVersion: number, reader: Reader): DescribeShareGroupOffsetsResponse => {
    const throttleTimeMs = reader.readInt32();
    const groups = reader.readArray((g) => ({
      groupId: g.readString(),
      topics: g.readArray((t) => ({
        topicName: t.readString(),
        topicId: t.readUUID(),
        partitions: t.readArray((p) => ({
          partitionIndex: p.readInt32(),
          startOffset: p.readInt64(),
          leaderEpoch: p.readInt32(),
          lag: version >= 1 ? p.readInt64() : null,
          errorCode: p.readInt16(),
          errorMessage: p.readNullableString(),
        })),
      })),
      errorCode: g.readInt16(),
      errorMessage: g.readNullableString(),
    }));
    reader.readTaggedFields();
    return { throttleTimeMs, groups };
  };
}

export const parseResponseV0 = parser(0);
export const parseResponseV1 = parser(1);

export const DESCRIBE_SHARE_GROUP_OFFSETS_KEY = 90;
type Args = [groups: ShareOffsetsRequestGroup[]];
export const describeShareGroupOffsetsV0 = createAPI<Args, DescribeShareGroupOffsetsResponse>(DESCRIBE_SHARE_GROUP_OFFSETS_KEY, 0, createRequest, parseResponseV0);
export const describeShareGroupOffsetsV1 = createAPI<Args, DescribeShareGroupOffsetsResponse>(DESCRIBE_SHARE_GROUP_OFFSETS_KEY, 1, createRequest, parseResponseV1);
