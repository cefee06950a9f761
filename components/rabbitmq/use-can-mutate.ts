'use client';
import { useConnectionQuery } from '@/lib/query/connections';

/** Mutations are offered only when the connection says it allows them (the server refuses them anyway). */
export function useCanMutate(conn: string): boolean {
  return useConnectionQuery(conn).data?.capabilities.mutations ?? false;
}
