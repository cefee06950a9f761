'use client';
import type { Capabilities } from '@/lib/contracts/connections';
import { useConnectionQuery } from '@/lib/query/connections';

type Ability = 'mutations' | 'administration' | 'messageContents' | 'jobs';

/**
 * Whether the caller may do `what` on a connection, from its capabilities as the server narrowed them to the
 * caller's role and the connection's read-only flag. Actions are offered only then (the server refuses them anyway).
 */
export function useCan(conn: string, what: Ability): boolean {
  const capabilities: Capabilities | undefined = useConnectionQuery(conn).data?.capabilities;
  return capabilities?.[what] ?? false;
}
