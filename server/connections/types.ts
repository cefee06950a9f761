import 'server-only';
import type { Capabilities, ConnectionCounts } from '@/lib/contracts/connections';
import type { ConnectionConfig } from '../config/schema';

export type ProbeResult = {
  version: string | null;
  counts: ConnectionCounts | null;
  /** Set when the connection answers only in part (e.g. management API up, AMQP down). */
  degraded?: string;
};

/** What every broker connector offers the registry. Kind-specific operations live in server/kafka and server/rabbitmq. */
export interface Connector {
  readonly config: ConnectionConfig;
  readonly capabilities: Capabilities;
  /** Where it points, without credentials. */
  readonly target: string;
  /** Checks the broker and reads headline counts; rejects with an ApiError within a few seconds when it is down. */
  probe(): Promise<ProbeResult>;
  close(): Promise<void>;
}
