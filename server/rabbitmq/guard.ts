import 'server-only';
import { ForbiddenError } from '../http/errors';
import type { RabbitmqConnector } from './connector';

/** Every mutation calls this first: a readOnly connection refuses on the server, whatever the UI shows. */
export function assertWritable(connector: RabbitmqConnector): void {
  if (connector.config.readOnly) {
    throw new ForbiddenError(`Connection "${connector.config.id}" is read-only`);
  }
}
