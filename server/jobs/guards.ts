import 'server-only';
import { getConnectorOf } from '../connections/registry';
import { ForbiddenError } from '../http/errors';

/** A job may not write to (or consume from) a read-only connection. */
export function writableKafka(id: string, role: string) {
  const c = getConnectorOf(id, 'kafka');
  if (c.config.readOnly) throw new ForbiddenError(`Connection "${id}" is read-only: it cannot be the ${role}`);
  return c;
}

export function writableRabbitmq(id: string, role: string) {
  const c = getConnectorOf(id, 'rabbitmq');
  if (c.config.readOnly) throw new ForbiddenError(`Connection "${id}" is read-only: it cannot be the ${role}`);
  return c;
}
