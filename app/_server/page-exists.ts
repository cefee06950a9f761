import 'server-only';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { roleAtLeast } from '@/lib/contracts/auth';
import { authenticate } from '@/server/auth/authenticate';
import { roleFor } from '@/server/auth/principal';
import { existence, type Existence } from './existence';

/**
 * Whether the caller may look, as the API's guard would decide for a read of this connection: without that, the page
 * says nothing about what exists (the client's request gets the 401 or 403). `connection` null: not about one
 * connection (jobs check their connections themselves).
 */
async function mayLook(connection: string | null): Promise<boolean> {
  const req = new Request('http://wharf.page/', { headers: { cookie: (await headers()).get('cookie') ?? '' } });
  const { principal } = await authenticate(req);
  if (!principal) return false;
  return connection === null || roleAtLeast(roleFor(principal, connection), 'viewer');
}

/**
 * Answers the page with Next's not-found page (HTTP 404) when the entity does not exist; otherwise returns whether it
 * was seen, for pages that tell "not sampled yet" from "not there".
 */
export async function notFoundUnlessExists(connection: string | null, check: () => Promise<unknown>): Promise<Existence> {
  if (!(await mayLook(connection))) return 'unknown';
  const found = await existence(check);
  if (found === 'missing') notFound();
  return found;
}
