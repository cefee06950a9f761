import 'server-only';
import type { z } from 'zod';
import { parseParams } from '../http/parse';

export type ObjectParams = { id: string; vhost: string; name: string };

/**
 * Next hands [vhost]/[name] segments over already percent-decoded ("%2F" arrives as the default vhost "/"), so
 * they must not be decoded again: a queue literally named "a%41" would otherwise become "aA".
 */
export async function parseObjectParams<S extends z.ZodType<ObjectParams>>(schema: S, params: Promise<ObjectParams>): Promise<z.infer<S>> {
  return parseParams(schema, params);
}
