import { describe, expect, it } from 'vitest';
import { createShovelBodySchema, maskUri, maskUrisIn } from '@/lib/contracts/rabbitmq-shovels';
import { toFederationLink, toFederationUpstream } from './federation';
import { cleanReason, joinShovels, localUri, shovelDefinition } from './shovels';
import { mgmtFederationLinkListSchema, mgmtFederationUpstreamListSchema, mgmtShovelParameterListSchema, mgmtShovelStatusListSchema } from './shovel-schemas';

/**
 * Recorded from RabbitMQ 3.10.8, GET /api/shovels on a scratch node of its own (scripts/rabbitmq-node.sh start shovels,
 * RABBITMQ_NODE_PORT=5683) given two static shovels in its advanced.config: one running, one whose source URI has a
 * wrong password (it stays "starting", retrying every reconnect_delay). Static shovels have no vhost; the broker strips
 * the credentials from their URIs itself.
 */
const recorded310Static = [
  { node: 'shovels@localhost', timestamp: '2026-12-04 2:00:55', name: 'wharf_static_bad', type: 'static', state: 'starting' },
  {
    node: 'shovels@localhost',
    timestamp: '2026-12-04 2:00:25',
    name: 'wharf_static_ok',
    type: 'static',
    state: 'running',
    src_uri: 'amqp://127.0.0.1:5683',
    src_protocol: 'amqp091',
    dest_protocol: 'amqp091',
    dest_uri: 'amqp://127.0.0.1:5683',
    src_queue: 'static-src',
  },
];

/** Recorded from RabbitMQ 3.10.8 (the shared node): GET /api/shovels/{vhost}, a running and a terminated dynamic shovel. */
const recorded310Dynamic = [
  {
    node: 'rabbit@localhost',
    timestamp: '2026-12-04 2:01:23',
    name: 's1',
    vhost: 'probe',
    type: 'dynamic',
    state: 'running',
    src_uri: 'amqp://127.0.0.1:5672/probe',
    src_protocol: 'amqp091',
    dest_protocol: 'amqp091',
    dest_uri: 'amqp://127.0.0.1:5672/probe',
    src_queue: 'a',
    dest_queue: 'b',
  },
  { node: 'rabbit@localhost', timestamp: '2026-12-04 2:01:23', name: 's2', vhost: 'probe', type: 'dynamic', state: 'terminated', reason: '"needed a restart"' },
];

/** GET /api/parameters/shovel/{vhost} for the same two, plus one just created that has not reported yet: passwords in clear. */
const recorded310Params = [
  {
    value: {
      'ack-mode': 'on-confirm',
      'dest-queue': 'b',
      'dest-uri': 'amqp://guest:guest@127.0.0.1:5672/probe',
      'src-delete-after': 'never',
      'src-prefetch-count': 100,
      'src-queue': 'a',
      'src-uri': 'amqp://guest:guest@127.0.0.1:5672/probe',
    },
    vhost: 'probe',
    component: 'shovel',
    name: 's1',
  },
  { value: { 'dest-queue': 'b', 'dest-uri': 'amqp://', 'src-exchange': 'nope', 'src-exchange-key': 'k', 'src-uri': ['amqp://u:p%40ss@h1/probe', 'amqp://u:p%40ss@h2/probe'] }, vhost: 'probe', component: 'shovel', name: 's2' },
  { value: { 'src-uri': 'amqp://', 'src-queue': 'x', 'dest-uri': 'amqp://', 'dest-exchange': 'y', 'src-delete-after': '12' }, vhost: 'probe', component: 'shovel', name: 's3' },
];

/** Recorded from RabbitMQ 3.10.8: GET /api/federation-links/{vhost} (local_channel left out; dropped by the schema). */
const recorded310Links = [
  { node: 'rabbit@localhost', exchange: 'fx', upstream_exchange: 'fx', type: 'exchange', vhost: 'probe', upstream: 'up1', id: 'f7ce28ab', status: 'running', local_connection: '<rabbit@localhost.1796349262.4070.0>', uri: 'amqp://127.0.0.1:5672/up', timestamp: '2026-12-04 2:01:51' },
  {
    node: 'rabbit@localhost',
    queue: 'fq',
    upstream_queue: 'fq',
    consumer_tag: 'federation-link-upbad',
    type: 'queue',
    vhost: 'probe',
    upstream: 'upbad',
    id: '1303a20f',
    status: 'error',
    error: '{auth_failure,"ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile."}',
    uri: 'amqp://127.0.0.1:5672/up',
    timestamp: '2026-12-04 2:01:56',
  },
];

describe('shovel mappers', () => {
  it('maps static shovels from a recorded 3.10 status: no vhost, no definition, state and URIs as reported', () => {
    const shovels = joinShovels(mgmtShovelStatusListSchema.parse(recorded310Static), []);
    expect(shovels).toEqual([
      {
        name: 'wharf_static_bad',
        vhost: null,
        type: 'static',
        state: 'starting',
        node: 'shovels@localhost',
        timestamp: '2026-12-04 2:00:55',
        source: { uris: [], protocol: null, queue: null, exchange: null, routingKey: null },
        destination: { uris: [], protocol: null, queue: null, exchange: null, routingKey: null },
        ackMode: null,
        deleteAfter: null,
        prefetch: null,
        reconnectDelay: null,
        reason: null,
        messagesTransferred: null,
      },
      expect.objectContaining({
        name: 'wharf_static_ok',
        vhost: null,
        type: 'static',
        state: 'running',
        source: { uris: ['amqp://127.0.0.1:5683'], protocol: 'amqp091', queue: 'static-src', exchange: null, routingKey: null },
        destination: { uris: ['amqp://127.0.0.1:5683'], protocol: 'amqp091', queue: null, exchange: null, routingKey: null },
      }),
    ]);
  });

  it('joins dynamic statuses with their definitions, masks every password, lists a definition without status yet', () => {
    const shovels = joinShovels(mgmtShovelStatusListSchema.parse(recorded310Dynamic), mgmtShovelParameterListSchema.parse(recorded310Params));
    expect(JSON.stringify(shovels)).not.toMatch(/guest:guest|p%40ss/);
    const [s1, s2, s3] = shovels;
    expect(s1).toMatchObject({
      name: 's1',
      vhost: 'probe',
      state: 'running',
      source: { uris: ['amqp://guest:***@127.0.0.1:5672/probe'], queue: 'a', protocol: 'amqp091' },
      destination: { uris: ['amqp://guest:***@127.0.0.1:5672/probe'], queue: 'b' },
      ackMode: 'on-confirm',
      deleteAfter: 'never',
      prefetch: 100,
      reason: null,
    });
    // Terminated: the status says nothing of the ends; the definition does.
    expect(s2).toMatchObject({
      state: 'terminated',
      reason: 'needed a restart',
      source: { uris: ['amqp://u:***@h1/probe', 'amqp://u:***@h2/probe'], exchange: 'nope', routingKey: 'k', queue: null },
      destination: { uris: ['amqp://'], queue: 'b' },
      deleteAfter: 'never',
    });
    expect(s3).toMatchObject({ name: 's3', state: null, node: null, deleteAfter: 12, destination: { exchange: 'y', queue: null } });
  });

  it('a later release that reports messages moved (forwarded) shows the count', () => {
    const [s] = joinShovels(mgmtShovelStatusListSchema.parse([{ ...recorded310Dynamic[0], forwarded: 42 }]), []);
    expect(s.messagesTransferred).toBe(42);
  });

  it('masks passwords in URIs and in free text; leaves URIs without one alone', () => {
    expect(maskUri('amqps://app:s3cr%3At@rabbit.internal:5671/prod')).toBe('amqps://app:***@rabbit.internal:5671/prod');
    expect(maskUri('amqp://user@host/vh')).toBe('amqp://user@host/vh');
    expect(maskUri('amqp://host:5672/vh')).toBe('amqp://host:5672/vh');
    expect(maskUri('amqp://')).toBe('amqp://');
    expect(maskUrisIn('could not connect to amqp://a:b@h1 nor amqp://c:d@h2/v')).toBe('could not connect to amqp://a:***@h1 nor amqp://c:***@h2/v');
    expect(cleanReason('"needed a restart"')).toBe('needed a restart');
    expect(cleanReason('{shutdown,{server_initiated_close,404}}')).toBe('{shutdown,{server_initiated_close,404}}');
    expect(cleanReason(undefined)).toBeNull();
  });

  it('builds the 3.10 parameter value from a create body: local vhosts as direct URIs, exchange or queue ends', () => {
    expect(localUri('/')).toBe('amqp://');
    expect(localUri('a b/c')).toBe('amqp:///a%20b%2Fc');
    const body = createShovelBodySchema.parse({
      vhost: 'v',
      name: 'n',
      source: { kind: 'exchange', exchange: 'events' },
      destination: { kind: 'queue', queue: 'q', uri: 'amqps://u:p@other:5671/x' },
      deleteAfter: 10,
    });
    expect(shovelDefinition(body)).toEqual({
      'src-protocol': 'amqp091',
      'src-uri': 'amqp:///v',
      'src-exchange': 'events',
      'src-exchange-key': '#',
      'src-prefetch-count': 1000,
      'src-delete-after': 10,
      'dest-protocol': 'amqp091',
      'dest-uri': 'amqps://u:p@other:5671/x',
      'dest-queue': 'q',
      'ack-mode': 'on-confirm',
      'reconnect-delay': 5,
    });
    const toExchange = createShovelBodySchema.parse({ vhost: 'v', name: 'n', source: { kind: 'queue', queue: 'a', vhost: 'w' }, destination: { kind: 'exchange', exchange: 'x' }, deleteAfter: 'queue-length' });
    expect(shovelDefinition(toExchange)).toMatchObject({ 'src-uri': 'amqp:///w', 'src-queue': 'a', 'src-delete-after': 'queue-length', 'dest-uri': 'amqp:///v', 'dest-exchange': 'x' });
    expect(shovelDefinition(toExchange)).not.toHaveProperty('dest-exchange-key');
  });
});

describe('federation mappers', () => {
  it('maps recorded 3.10 links: exchange and queue links, the error in words', () => {
    const [ex, q] = mgmtFederationLinkListSchema.parse(recorded310Links).map(toFederationLink);
    expect(ex).toEqual({ id: 'f7ce28ab', vhost: 'probe', node: 'rabbit@localhost', type: 'exchange', target: 'fx', upstream: 'up1', upstreamTarget: 'fx', uri: 'amqp://127.0.0.1:5672/up', status: 'running', error: null, timestamp: '2026-12-04 2:01:51' });
    expect(q).toMatchObject({ type: 'queue', target: 'fq', upstreamTarget: 'fq', status: 'error', error: expect.stringContaining('ACCESS_REFUSED') });
  });

  it('maps upstreams with their URIs masked', () => {
    const [u] = mgmtFederationUpstreamListSchema
      .parse([{ value: { 'ack-mode': 'on-confirm', 'trust-user-id': false, uri: 'amqp://guest:guest@127.0.0.1:5672/up', 'max-hops': 2 }, vhost: 'probe', component: 'federation-upstream', name: 'up1' }])
      .map(toFederationUpstream);
    expect(u).toEqual({ vhost: 'probe', name: 'up1', uris: ['amqp://guest:***@127.0.0.1:5672/up'], ackMode: 'on-confirm', prefetch: null, reconnectDelay: null, exchange: null, queue: null, maxHops: 2 });
  });
});
