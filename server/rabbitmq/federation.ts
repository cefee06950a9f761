import 'server-only';
import { maskUri, type FederationLink, type FederationList, type FederationUpstream } from '@/lib/contracts/rabbitmq-shovels';
import { NotFoundError } from '../http/errors';
import { named } from './browse';
import type { RabbitmqConnector } from './connector';
import { assertWritable } from './guard';
import { mgmtPath } from './management-client';
import { cleanReason } from './shovels';
import { mgmtFederationLinkListSchema, mgmtFederationUpstreamListSchema, type MgmtFederationLink, type MgmtFederationUpstream } from './shovel-schemas';

export function toFederationLink(l: MgmtFederationLink): FederationLink {
  const onQueue = l.type === 'queue';
  return {
    id: l.id,
    vhost: l.vhost,
    node: l.node ?? null,
    type: l.type,
    target: (onQueue ? l.queue : l.exchange) ?? null,
    upstream: l.upstream,
    upstreamTarget: (onQueue ? l.upstream_queue : l.upstream_exchange) ?? null,
    // The broker strips credentials from a link's URI; masked again in case a release does not.
    uri: l.uri === undefined ? null : maskUri(l.uri),
    status: l.status ?? null,
    error: cleanReason(l.error),
    timestamp: l.timestamp ?? null,
  };
}

export function toFederationUpstream(u: MgmtFederationUpstream): FederationUpstream {
  const v = u.value;
  return {
    vhost: u.vhost,
    name: u.name,
    uris: (v.uri === undefined ? [] : Array.isArray(v.uri) ? v.uri : [v.uri]).map(maskUri),
    ackMode: v['ack-mode'] ?? null,
    prefetch: v['prefetch-count'] ?? null,
    reconnectDelay: v['reconnect-delay'] ?? null,
    exchange: v.exchange ?? null,
    queue: v.queue ?? null,
    maxHops: v['max-hops'] ?? null,
  };
}

/** Federation links (one per upstream and federated exchange or queue, per node) and the upstreams they use. */
/** A 404 on a list is a vhost that does not exist, or a broker without rabbitmq_federation_management. */
function listed<T>(vhost: string | undefined, work: Promise<T>): Promise<T> {
  return work.catch((e: unknown) => {
    if (!(e instanceof NotFoundError)) throw e;
    throw new NotFoundError(`${vhost ? `vhost "${vhost}" not found, or ` : ''}the broker serves no federation-links (is the rabbitmq_federation_management plugin enabled?)`);
  });
}

export async function listFederation(c: RabbitmqConnector, vhost: string | undefined): Promise<FederationList> {
  const where = vhost ? `/${mgmtPath(vhost)}` : '';
  const [links, upstreams] = await Promise.all([
    listed(vhost, c.management.get(`federation-links${where}`, mgmtFederationLinkListSchema)),
    listed(vhost, c.management.get(`parameters/federation-upstream${where}`, mgmtFederationUpstreamListSchema)),
  ]);
  const byName = (a: { vhost: string; upstream?: string; name?: string }, b: typeof a) => a.vhost.localeCompare(b.vhost) || (a.upstream ?? a.name ?? '').localeCompare(b.upstream ?? b.name ?? '');
  return {
    links: links.map(toFederationLink).sort((a, b) => byName(a, b) || (a.target ?? '').localeCompare(b.target ?? '')),
    upstreams: upstreams.map(toFederationUpstream).sort(byName),
  };
}

/** Restarts one link: the broker closes its connections and opens them again (a link in error tries again now). */
export async function restartFederationLink(c: RabbitmqConnector, vhost: string, link: string, nodeGiven: string | undefined): Promise<void> {
  assertWritable(c);
  let node = nodeGiven;
  if (!node) {
    const links = await listed(vhost, c.management.get(`federation-links/${mgmtPath(vhost)}`, mgmtFederationLinkListSchema));
    node = links.find((l) => l.id === link)?.node;
    if (!node) throw new NotFoundError(`federation link "${link}" in vhost "${vhost}" not found`);
  }
  await named(`federation link "${link}" on node "${node}" in vhost "${vhost}"`, c.management.send('DELETE', `federation-links/vhost/${mgmtPath(vhost, link, node)}/restart`));
}
