import { describe, expect, it } from 'vitest';
import { connectionStateReason, toAmqpChannel, toAmqpConnection, toConsumer, unconsumed } from './mappers';
import { mgmtChannelSchema, mgmtConnectionSchema, mgmtConsumerSchema } from './schemas';

/** Recorded from RabbitMQ 3.10.8 (GET /api/connections?columns=..., an amqplib client with connection_name). */
const recorded310Connection = {
  channels: 2,
  client_properties: { connection_name: 'probe-conn', product: 'amqplib', version: '2.3.1', platform: 'Node.JS v24.22.3', capabilities: { publisher_confirms: true } },
  connected_at: 1796320576296,
  name: '127.0.0.1:50864 -> 127.0.0.1:5672',
  peer_host: '127.0.0.1',
  peer_port: 50864,
  protocol: 'AMQP 0-9-1',
  recv_oct_details: { rate: 0.0 },
  send_oct_details: { rate: 12.5 },
  ssl: false,
  ssl_protocol: null,
  auth_mechanism: 'PLAIN',
  state: 'running',
  timeout: 60,
  channel_max: 2047,
  frame_max: 131072,
  type: 'network',
  user: 'guest',
  user_provided_name: 'probe-conn',
  vhost: '/',
  node: 'rabbit@localhost',
};

/** Recorded from RabbitMQ 3.10.8 (GET /api/connections/{name}/channels), a confirm channel with prefetch 7. */
const recorded310Channel = {
  acks_uncommitted: 0,
  confirm: true,
  connection_details: { name: '127.0.0.1:50864 -> 127.0.0.1:5672', peer_host: '127.0.0.1', peer_port: 50864 },
  consumer_count: 1,
  global_prefetch_count: 0,
  idle_since: '2026-12-03T17:56:17.371+00:00',
  messages_unacknowledged: 0,
  messages_uncommitted: 0,
  messages_unconfirmed: 0,
  name: '127.0.0.1:50864 -> 127.0.0.1:5672 (1)',
  node: 'rabbit@localhost',
  number: 1,
  prefetch_count: 7,
  state: 'running',
  transactional: false,
  user: 'guest',
  vhost: '/',
};

/** Recorded from RabbitMQ 3.10.8 (GET /api/consumers): the waiting one of two single-active consumers. */
const recorded310Consumer = {
  arguments: { 'x-priority': 3 },
  ack_required: false,
  active: false,
  activity_status: 'waiting',
  channel_details: { connection_name: '127.0.0.1:50864 -> 127.0.0.1:5672', name: '127.0.0.1:50864 -> 127.0.0.1:5672 (2)', node: 'rabbit@localhost', number: 2, peer_host: '127.0.0.1', peer_port: 50864, user: 'guest' },
  consumer_tag: 'amq.ctag-zEpVXTqEsYzsADMVpVeKEg',
  exclusive: false,
  prefetch_count: 0,
  queue: { name: 'probe-sac', vhost: '/' },
};

describe('connection, channel and consumer mappers', () => {
  it('maps a recorded 3.10.8 connection', () => {
    expect(toAmqpConnection(mgmtConnectionSchema.parse(recorded310Connection), [])).toEqual({
      name: '127.0.0.1:50864 -> 127.0.0.1:5672',
      clientName: 'probe-conn',
      user: 'guest',
      vhost: '/',
      protocol: 'AMQP 0-9-1',
      type: 'network',
      node: 'rabbit@localhost',
      peerHost: '127.0.0.1',
      peerPort: 50864,
      tls: false,
      tlsProtocol: null,
      authMechanism: 'PLAIN',
      state: 'running',
      stateReason: null,
      channels: 2,
      channelMax: 2047,
      frameMax: 131072,
      heartbeatSeconds: 60,
      connectedAt: new Date(1796320576296).toISOString(),
      recvRate: 0,
      sendRate: 12.5,
      clientProduct: 'amqplib',
      clientVersion: '2.3.1',
      clientPlatform: 'Node.JS v24.22.3',
    });
  });

  it('leaves what a fresh or in-node connection lacks unknown, and takes an empty table written as []', () => {
    const c = toAmqpConnection(mgmtConnectionSchema.parse({ name: '<rabbit@localhost.1.2.3>', type: 'direct', client_properties: [] }), []);
    expect(c).toMatchObject({ clientName: null, channels: null, state: null, stateReason: null, recvRate: null, connectedAt: null, clientProduct: null, tls: null });
    expect(toConsumer(mgmtConsumerSchema.parse({ ...recorded310Consumer, arguments: [], channel_details: [] }))).toMatchObject({ arguments: {}, channel: null, connection: null });
  });

  it('says why a connection is not running', () => {
    expect(connectionStateReason('running', [])).toBeNull();
    expect(connectionStateReason('flow', [])).toMatch(/credit flow/);
    expect(connectionStateReason('blocked', ['memory alarm on rabbit@a'])).toBe('Blocked by memory alarm on rabbit@a: the broker reads nothing from this connection until the alarm clears');
    expect(connectionStateReason('blocking', null)).toMatch(/not visible to this user/);
  });

  it('maps a recorded 3.10.8 channel: confirm, tx or neither', () => {
    const ch = toAmqpChannel(mgmtChannelSchema.parse(recorded310Channel));
    expect(ch).toMatchObject({ number: 1, prefetch: 7, globalPrefetch: 0, unacked: 0, consumers: 1, mode: 'confirm', state: 'running', connection: recorded310Channel.connection_details.name, publishRate: null });
    expect(toAmqpChannel(mgmtChannelSchema.parse({ ...recorded310Channel, confirm: false, transactional: true })).mode).toBe('tx');
    expect(toAmqpChannel(mgmtChannelSchema.parse({ ...recorded310Channel, confirm: false })).mode).toBe('none');
    expect(toAmqpChannel(mgmtChannelSchema.parse({ name: 'x (1)' })).mode).toBeNull();
  });

  it('maps a recorded 3.10.8 consumer with its activity status and arguments', () => {
    expect(toConsumer(mgmtConsumerSchema.parse(recorded310Consumer))).toEqual({
      tag: 'amq.ctag-zEpVXTqEsYzsADMVpVeKEg',
      ackRequired: false,
      prefetch: 0,
      active: false,
      exclusive: false,
      activityStatus: 'waiting',
      arguments: { 'x-priority': 3 },
      channel: '127.0.0.1:50864 -> 127.0.0.1:5672 (2)',
      connection: '127.0.0.1:50864 -> 127.0.0.1:5672',
    });
  });

  it('flags ready messages without a consumer only when both figures are known', () => {
    expect(unconsumed(3, 0)).toBe(true);
    expect(unconsumed(0, 0)).toBe(false);
    expect(unconsumed(3, 1)).toBe(false);
    expect(unconsumed(3, undefined)).toBeNull();
    expect(unconsumed(undefined, 0)).toBeNull();
  });
});
