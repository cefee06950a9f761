import 'server-only';
import type { Binding } from '@/lib/contracts/rabbitmq';
import type { MovePreview } from '@/lib/contracts/rabbitmq-messages';
import { BadRequestError } from '../http/errors';
import { amqpExchangeName, DEFAULT_EXCHANGE_URL_NAME, named } from './browse';
import { withChannel } from './channel';
import type { RabbitmqConnector } from './connector';
import { mgmtPath } from './management-client';
import { toBinding } from './mappers';
import { mgmtBindingListSchema, mgmtExchangeSchema, mgmtQueueSchema } from './schemas';

/** Where a move sends messages: straight to a queue (through the default exchange) or to an exchange. */
export type MoveTarget = { queue?: string; exchange?: string; routingKey?: string; keepRoutingKey?: boolean };
/** The AMQP publish a move makes: routingKey null keeps each message's original one. */
export type MoveDestination = { exchange: string; routingKey: string | null };

export function moveDestination(source: string, t: MoveTarget): MoveDestination {
  if ((t.queue === undefined) === (t.exchange === undefined)) throw new BadRequestError('A move needs exactly one destination: a queue or an exchange');
  if (t.queue !== undefined) {
    if (t.queue === source) throw new BadRequestError('Source and destination are the same queue');
    return { exchange: '', routingKey: t.queue };
  }
  const exchange = amqpExchangeName(t.exchange ?? '');
  const routingKey = t.routingKey ?? (t.keepRoutingKey ? null : '');
  if (exchange === '' && !routingKey) throw new BadRequestError('Moving to the default exchange needs a routing key: the destination queue name');
  if (exchange === '' && routingKey === source) throw new BadRequestError('Source and destination are the same queue');
  return { exchange, routingKey };
}

/** Checks the source and the destination before reading anything, so a typo fails with 404 instead of rolled-back batches. */
export async function checkMove(c: RabbitmqConnector, vhost: string, source: string, t: MoveTarget): Promise<MoveDestination> {
  const d = moveDestination(source, t);
  await withChannel(c, vhost, `queue "${source}" in vhost "${vhost}"`, (ch) => ch.checkQueue(source));
  if (d.exchange === '') await withChannel(c, vhost, `destination queue "${d.routingKey}" in vhost "${vhost}"`, (ch) => ch.checkQueue(d.routingKey as string));
  else await withChannel(c, vhost, `destination exchange "${d.exchange}" in vhost "${vhost}"`, (ch) => ch.checkExchange(d.exchange));
  return d;
}

/** AMQP topic matching: words split on ".", "*" is exactly one word, "#" zero or more. */
export function topicMatches(pattern: string, key: string): boolean {
  const p = pattern.split('.');
  const k = key.split('.');
  const memo = new Map<string, boolean>();
  const at = (i: number, j: number): boolean => {
    const id = `${i},${j}`;
    const known = memo.get(id);
    if (known !== undefined) return known;
    let r: boolean;
    if (i === p.length) r = j === k.length;
    else if (p[i] === '#') r = at(i + 1, j) || (j < k.length && at(i, j + 1));
    else r = j < k.length && (p[i] === '*' || p[i] === k[j]) && at(i + 1, j + 1);
    memo.set(id, r);
    return r;
  };
  return at(0, 0);
}

/** The bindings an exchange of this type follows for a routing key; null when it decides per message (headers). */
export function routesFor(type: string, bindings: readonly Binding[], routingKey: string): Binding[] | null {
  if (type === 'fanout') return [...bindings];
  if (type === 'direct') return bindings.filter((b) => b.routingKey === routingKey);
  if (type === 'topic') return bindings.filter((b) => topicMatches(b.routingKey, routingKey));
  return null;
}

/**
 * What a move would do, from the management API only: no message is read (reading one over AMQP sets its
 * redelivered flag, and on a quorum queue may count toward its delivery limit).
 */
export async function previewMove(c: RabbitmqConnector, vhost: string, source: string, t: MoveTarget, limit: number | undefined, filtered: boolean): Promise<MovePreview> {
  const d = moveDestination(source, t);
  const urlName = d.exchange || DEFAULT_EXCHANGE_URL_NAME;
  const [q, exchange, declared] = await Promise.all([
    named(`queue "${source}" in vhost "${vhost}"`, c.management.get(`queues/${mgmtPath(vhost, source)}?columns=name,vhost,type,messages_ready,messages_unacknowledged`, mgmtQueueSchema)),
    named(`exchange "${urlName}" in vhost "${vhost}"`, c.management.get(`exchanges/${mgmtPath(vhost, urlName)}`, mgmtExchangeSchema)),
    // A passive declare counts the ready messages now, without touching one (the management API's count lags by
    // its statistics interval, and is missing for a few seconds after a queue is declared).
    withChannel(c, vhost, `queue "${source}" in vhost "${vhost}"`, (ch) => ch.checkQueue(source)),
  ]);
  const ready = declared.messageCount;
  const notes: string[] = [];
  let routes: MovePreview['routes'] = null;
  if (d.exchange === '') {
    routes = [{ destination: d.routingKey as string, destinationType: 'queue', bindingKey: d.routingKey as string }];
  } else if (d.routingKey === null) {
    notes.push('Each message goes with its own original routing key (the first death\'s, for dead-lettered ones): where it lands depends on the message.');
  } else {
    const bindings = (await named(`exchange "${d.exchange}" in vhost "${vhost}"`, c.management.get(`exchanges/${mgmtPath(vhost, d.exchange)}/bindings/source`, mgmtBindingListSchema))).map(toBinding);
    const matched = routesFor(exchange.type, bindings, d.routingKey);
    if (matched === null) notes.push(`A ${exchange.type} exchange routes each message by its headers or arguments: where it lands depends on the message.`);
    else routes = matched.map((b) => ({ destination: b.destination, destinationType: b.destinationType, bindingKey: b.routingKey }));
    if (matched?.length === 0) notes.push(`No binding of "${d.exchange}" matches routing key "${d.routingKey}": the move would stop at its first batch, putting the messages back.`);
  }
  if (q.type === 'stream') notes.push('A stream cannot be moved out of: streams are read without removing anything.');
  if (filtered) notes.push('Only messages matching the filter are moved; the rest go back to the end of the source. How many match is known only once they are read.');
  return {
    source: { vhost, queue: source, type: q.type ?? null, ready, unacked: q.messages_unacknowledged ?? null },
    upTo: Math.min(limit ?? ready, ready),
    filtered,
    exchange: { name: d.exchange, type: exchange.type },
    routingKey: d.routingKey,
    routes,
    notes,
  };
}
