import 'server-only';
import { createAPI, Writer, type Reader } from '@platformatic/kafka';

/*
 * ShareGroupDescribe (API key 77, KIP-932), which @platformatic/kafka 2.12 does not have. Version 1 is the stable one
 * (4.1+); version 0 was the 4.0 early access and is gone from 4.1 on, so Wharf does not speak it. Schemas from Kafka
 * 4.4.0's common/message/ShareGroupDescribe{Request,Response}.json; every version is flexible (compact strings and
 * arrays, tagged fields after every struct).
 *
 * ShareGroupDescribe Request (Version: 1) => [group_ids] include_authorized_operations TAG_BUFFER
 *   group_ids => COMPACT_STRING
 *   include_authorized_operations => BOOLEAN
 *
 * ShareGroupDescribe Response (Version: 1) => throttle_time_ms [groups] TAG_BUFFER
 *   groups => error_code error_message group_id group_state group_epoch assignment_epoch assignor_name [members]
 *             authorized_operations TAG_BUFFER
 *     error_code => INT16
 *     error_message => COMPACT_NULLABLE_STRING
 *     group_id, group_state, assignor_name => COMPACT_STRING
 *     group_epoch, assignment_epoch, authorized_operations => INT32
 *     members => member_id rack_id member_epoch client_id client_host [subscribed_topic_names] assignment TAG_BUFFER
 *       rack_id => COMPACT_NULLABLE_STRING
 *       member_epoch => INT32
 *       subscribed_topic_names => COMPACT_STRING
 *       assignment => [topic_partitions] TAG_BUFFER
 *         topic_partitions => topic_id topic_name [partitions] TAG_BUFFER
 *           topic_id => UUID
 *           topic_name => COMPACT_STRING
 *           partitions => INT32
 */

export type ShareGroupTopicPartitions = { topicId: string; topicName: string; partitions: number[] };

export type ShareGroupDescribeMember = {
  memberId: string;
  rackId: string | null;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  assignment: ShareGroupTopicPartitions[];
};

export type ShareGroupDescribeGroup = {
  /** Kept, not thrown: one group's error (not found, coordinator moving) must not hide the others. */
  errorCode: number;
  errorMessage: string | null;
  groupId: string;
  groupState: string;
  groupEpoch: number;
  assignmentEpoch: number;
  assignorName: string;
  members: ShareGroupDescribeMember[];
  authorizedOperations: number;
};

export type ShareGroupDescribeResponse = { throttleTimeMs: number; groups: ShareGroupDescribeGroup[] };

export function createRequest(groupIds: string[], includeAuthorizedOperations: boolean): Writer {
  return Writer.create()
    .appendArray(groupIds, (w, id) => w.appendString(id), true, false)
    .appendBoolean(includeAuthorizedOperations)
    .appendTaggedFields();
}

function readTopicPartitions(r: Reader): ShareGroupTopicPartitions {
  return {
    topicId: r.readUUID(),
    topicName: r.readString(),
    partitions: r.readArray((x) => x.readInt32(), true, false),
  };
}

function readMember(r: Reader): ShareGroupDescribeMember {
  const memberId = r.readString();
  const rackId = r.readNullableString();
  const memberEpoch = r.readInt32();
  const clientId = r.readString();
  const clientHost = r.readString();
  const subscribedTopicNames = r.readArray((x) => x.readString(), true, false);
  // Assignment is a struct, not an array: its own tagged fields follow its one field.
  const assignment = r.readArray(readTopicPartitions);
  r.readTaggedFields();
  return { memberId, rackId, memberEpoch, clientId, clientHost, subscribedTopicNames, assignment };
}

export function parseResponse(_correlationId: number, _apiKey: number, _apiVersion: number, reader: Reader): ShareGroupDescribeResponse {
  const throttleTimeMs = reader.readInt32();
  const groups = reader.readArray((r) => ({
    errorCode: r.readInt16(),
    errorMessage: r.readNullableString(),
    groupId: r.readString(),
    groupState: r.readString(),
    groupEpoch: r.readInt32(),
    assignmentEpoch: r.readInt32(),
    assignorName: r.readString(),
    members: r.readArray(readMember),
    authorizedOperations: r.readInt32(),
  }));
  reader.readTaggedFields();
  return { throttleTimeMs, groups };
}

export const SHARE_GROUP_DESCRIBE_KEY = 77;
export const shareGroupDescribeV1 = createAPI<[groupIds: string[], includeAuthorizedOperations: boolean], ShareGroupDescribeResponse>(
  SHARE_GROUP_DESCRIBE_KEY,
  1,
  createRequest,
  parseResponse,
);
