import 'server-only';
import type { Message } from 'amqplib';
import type { InspectedMessage } from '@/lib/contracts/rabbitmq-messages';
import { decodeField, filterValue } from '../messages/decode';
import { fromAmqpTable, headersForFilter } from './headers';

const PROPERTY_NAMES = ['contentType', 'contentEncoding', 'deliveryMode', 'priority', 'correlationId', 'replyTo', 'expiration', 'messageId', 'timestamp', 'type', 'userId', 'appId', 'clusterId'] as const;

export function propertiesOf(msg: Message): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  const p = msg.properties as unknown as Record<string, unknown>;
  for (const name of PROPERTY_NAMES) {
    const v = p[name];
    if (v === undefined || v === null) continue;
    out[name] = typeof v === 'number' || typeof v === 'string' ? v : String(v);
  }
  return out;
}

export function toInspected(msg: Message, index: number, streamOffset: number | null = null): InspectedMessage {
  return {
    index,
    payload: decodeField(msg.content),
    properties: propertiesOf(msg),
    headers: fromAmqpTable(msg.properties.headers),
    redelivered: msg.fields.redelivered,
    exchange: msg.fields.exchange,
    routingKey: msg.fields.routingKey,
    streamOffset,
  };
}

/** The context a RabbitMQ CEL filter sees (RABBITMQ_FILTER_VARIABLES). */
export function filterContext(msg: Message): Record<string, unknown> {
  const props = propertiesOf(msg);
  const properties: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) if (v !== null) properties[k] = String(v);
  return {
    value: filterValue(msg.content),
    headers: headersForFilter(fromAmqpTable(msg.properties.headers)),
    properties,
    routingKey: msg.fields.routingKey,
    exchange: msg.fields.exchange,
    redelivered: msg.fields.redelivered,
    size: BigInt(msg.content.length),
  };
}
