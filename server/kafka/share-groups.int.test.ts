import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as detailRoute from '@/app/api/connections/[id]/share-groups/[group]/route';
import * as listRoute from '@/app/api/connections/[id]/share-groups/route';
import type { ShareGroupDetail, ShareGroupList } from '@/lib/contracts/share-groups';
import { kafkaTool, kafkaToolOutput, parseTable, startKafkaTool, waitUntil } from '@/test/kafka/kafka-tool';
import { commitOffsets, createTopic, deleteGroups, deleteTopics, produce, uniqueName } from '@/test/support/kafka';

/*
 * Share groups against the real broker: Kafka 4.4's own share consumer (kafka-console-share-consumer) reads a topic
 * as group G, and Wharf must say what Kafka's kafka-share-groups tool says. Kafka 3.9 has no share groups: there
 * both routes answer 501 with the reason.
 */

const ctx = <P>(params: P) => ({ params: Promise.resolve(params) });
const SHARE_GROUPS = process.env.WHARF_TEST_KAFKA_VERSION !== '3.9';
const CONNECTION = 'local-kafka';
const SHARE_GROUP_COMMAND = 'org.apache.kafka.tools.consumer.group.ShareGroupCommand';

async function list(): Promise<ShareGroupList> {
  const res = await listRoute.GET(new Request('http://x'), ctx({ id: CONNECTION }));
  if (res.status !== 200) throw new Error(`share groups list: ${res.status} ${await res.text()}`);
  return res.json();
}

async function detail(group: string): Promise<ShareGroupDetail> {
  const res = await detailRoute.GET(new Request('http://x'), ctx({ id: CONNECTION, group }));
  if (res.status !== 200) throw new Error(`share group ${group}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** What kafka-share-groups --describe says, one table per option. */
async function toolDescribe(group: string, what: '--state' | '--members' | '--offsets') {
  const { stdout, stderr } = await kafkaToolOutput(SHARE_GROUP_COMMAND, ['--describe', '--group', group, what, '--verbose']);
  if (what === '--members' && /has no active members/.test(stdout + stderr)) return [];
  return parseTable(stdout, 'GROUP');
}

const toolOffsets = async (group: string) =>
  (await toolDescribe(group, '--offsets')).map((r) => ({ topic: r.TOPIC, partition: Number(r.PARTITION), leaderEpoch: Number(r['LEADER-EPOCH']), startOffset: Number(r['START-OFFSET']), lag: Number(r.LAG) }));

/** Wharf's offsets read between two reads of the tool that agree, so that both describe the same moment. */
async function offsetsBesideTool(group: string) {
  for (let attempt = 0; ; attempt++) {
    const before = await toolOffsets(group);
    const wharf = await detail(group);
    const after = await toolOffsets(group);
    if (JSON.stringify(before) === JSON.stringify(after) || attempt >= 4) return { wharf, tool: after };
  }
}

describe(SHARE_GROUPS ? 'share groups (KIP-932) on Kafka 4.x' : 'share groups on a broker without them', () => {
  if (!SHARE_GROUPS) {
    it('answers 501 for the list and for a group, with the reason', async () => {
      const res = await listRoute.GET(new Request('http://x'), ctx({ id: CONNECTION }));
      expect(res.status).toBe(501);
      const body = await res.json();
      expect(body.error.code).toBe('UNSUPPORTED');
      expect(body.error.message).toMatch(/share groups need Kafka 4\.x with share groups enabled/);
      const one = await detailRoute.GET(new Request('http://x'), ctx({ id: CONNECTION, group: uniqueName('share') }));
      expect(one.status).toBe(501);
      expect((await one.json()).error.code).toBe('UNSUPPORTED');
    });
    return;
  }

  const topic = uniqueName('share-topic');
  const group = uniqueName('share-group');
  const classic = uniqueName('classic-group');
  let consumer: ReturnType<typeof startKafkaTool> | null = null;

  beforeAll(async () => {
    await createTopic(topic, 2);
    await produce(topic, [
      ...Array.from({ length: 6 }, (_, i) => ({ partition: 0, value: `a${i}` })),
      ...Array.from({ length: 4 }, (_, i) => ({ partition: 1, value: `b${i}` })),
    ]);
    await commitOffsets(classic, topic, [{ partition: 0, offset: 1 }]);
    // A share group starts at the end of the log by default: this one reads from the beginning.
    await kafkaTool('org.apache.kafka.tools.ConfigCommand', ['--entity-type', 'groups', '--entity-name', group, '--alter', '--add-config', 'share.auto.offset.reset=earliest']);
    consumer = startKafkaTool('org.apache.kafka.tools.consumer.ConsoleShareConsumer', ['--topic', topic, '--group', group]);
    await waitUntil('the share consumer has read the 10 records', async () => consumer!.lines.length, (n) => n >= 10, 90_000);
  });

  afterAll(async () => {
    await consumer?.stop();
    await kafkaTool(SHARE_GROUP_COMMAND, ['--delete', '--group', group]).catch(() => undefined);
    await deleteGroups(classic);
    await deleteTopics(topic);
  });

  it('lists G Stable with one member and the topic, and nothing that is not a share group', async () => {
    const listed = await waitUntil(
      'G stable with one member and nothing left to deliver',
      list,
      (l) => l.groups.some((g) => g.groupId === group && g.state === 'Stable' && g.members === 1 && g.totalLag === 0),
    );
    expect(listed.groups.find((g) => g.groupId === group)).toMatchObject({ state: 'Stable', members: 1, topics: [topic], totalLag: 0, partitionsWithoutLag: 0, error: null });
    expect(listed.groups.map((g) => g.groupId)).not.toContain(classic);
    const [state] = await toolDescribe(group, '--state');
    expect(state).toMatchObject({ STATE: 'Stable', '#MEMBERS': '1' });
  });

  it('describes G as kafka-share-groups does: epochs, assignor, the member and its assignment', async () => {
    const g = await detail(group);
    const [state] = await toolDescribe(group, '--state');
    expect({ state: g.state, groupEpoch: g.groupEpoch, assignmentEpoch: g.assignmentEpoch, coordinator: g.coordinator, members: g.members }).toEqual({
      state: state.STATE,
      groupEpoch: Number(state['GROUP-EPOCH']),
      assignmentEpoch: Number(state['ASSIGNMENT-EPOCH']),
      coordinator: Number(/\((\d+)\)/.exec(state['COORDINATOR (ID)'])?.[1]),
      members: 1,
    });
    expect(g.assignor).toEqual(expect.any(String));
    const [m] = await toolDescribe(group, '--members');
    expect(g.memberList).toHaveLength(1);
    expect(g.memberList[0]).toMatchObject({ memberId: m['CONSUMER-ID'], clientHost: m.HOST, clientId: m['CLIENT-ID'], memberEpoch: Number(m['MEMBER-EPOCH']), subscribedTopics: [topic] });
    expect(g.memberList[0].clientId).toBe('console-share-consumer');
    expect(g.memberList[0].assignment).toEqual([{ topic, partitions: [0, 1] }]);
    expect(m.ASSIGNMENT).toBe(`${topic}:0,1`);
  });

  it('gives per partition the start offset and what is left to deliver, as the tool does', async () => {
    const { wharf, tool } = await offsetsBesideTool(group);
    expect(wharf.partitions.map((p) => ({ topic: p.topic, partition: p.partition, leaderEpoch: p.leaderEpoch, startOffset: p.startOffset, lag: p.lag }))).toEqual(tool);
    expect(wharf.partitions.map((p) => [p.partition, p.endOffset, p.lag, p.lagSource])).toEqual([
      [0, 6, 0, 'broker'],
      [1, 4, 0, 'broker'],
    ]);
  });

  it('once the member has left, shows G Empty with the records produced since as left to deliver', async () => {
    await consumer!.stop();
    await waitUntil('G empty', () => detail(group), (g) => g.state === 'Empty' && g.members === 0);
    await produce(topic, Array.from({ length: 5 }, (_, i) => ({ partition: 0, value: `c${i}` })));
    const g = await waitUntil('5 records left on partition 0', () => detail(group), (x) => x.partitions.find((p) => p.partition === 0)?.lag === 5);
    expect(g).toMatchObject({ state: 'Empty', members: 0, memberList: [], totalLag: 5 });
    expect(g.partitions.map((p) => [p.partition, p.endOffset, p.lag])).toEqual([
      [0, 11, 5],
      [1, 4, 0],
    ]);
    const tool = await toolOffsets(group);
    expect(g.partitions.map((p) => ({ topic: p.topic, partition: p.partition, leaderEpoch: p.leaderEpoch, startOffset: p.startOffset, lag: p.lag }))).toEqual(tool);
    expect(await toolDescribe(group, '--members')).toEqual([]);
    const listed = (await list()).groups.find((x) => x.groupId === group);
    expect(listed).toMatchObject({ state: 'Empty', members: 0, totalLag: 5 });
  });

  it('answers 404 for an unknown group and for a consumer group, which is not a share group', async () => {
    for (const id of [uniqueName('no-such-share-group'), classic]) {
      const res = await detailRoute.GET(new Request('http://x'), ctx({ id: CONNECTION, group: id }));
      expect(res.status, id).toBe(404);
      expect((await res.json()).error.message).toContain(id);
    }
  });
});
