import type { ActiveMember } from '@/lib/contracts/groups';

/**
 * A group state for display: the broker's word, with Java enum casing (ASSIGNING, PREPARING_REBALANCE) shown like
 * Kafka's tools print it (Assigning, PreparingRebalance). Filters and sorts use the broker's word as it is.
 */
export function formatGroupState(state: string): string {
  if (!/^[A-Z][A-Z_]*$/.test(state)) return state;
  return state
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** "client-id on host" for each member, at most `max` named: what an operator looks for to stop a consumer. */
export function formatMembers(members: readonly Pick<ActiveMember, 'clientId' | 'clientHost'>[], max = 5): string {
  const named = members.slice(0, max).map((m) => `${m.clientId || '(no client id)'} on ${m.clientHost || '(unknown host)'}`);
  const more = members.length - named.length;
  return `${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}
